"""The demo's advocacy: the Belgian (and a little French and European) landscape the organisation works in, with
real institutions and made-up people, the recommendations it carries, fourteen months of meetings, letters and
hearings, and the campaign towards the 2029 regional elections.

Everything goes through duo.advocacy.services as the demo officer, so targets move the way they move for staff.
People are fictional (never real office holders); a party is kept only for a public mandate. One frequent barrier
(no local work experience) is on purpose left without a recommendation, so that the observatory flags it.
Deterministic: fixed data, dates counted back from the seeder's day.
"""

import datetime

from django.utils import timezone
from django.utils.translation import override

from duo.accounts.models import User
from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import CampaignStatus, InteractionKind as K, Level as L, StakeholderKind as SK, Status
from duo.impact.snapshot import latest
from duo.organisation.models import Region
from duo.publications import services as publishing
from duo.publications.models import Publication, SectionKind
from duo.testimony import queries as quotes

REPORT = "experience-report-2026"
EO, ID, AA, SC = "equal_opportunities", "inclusion_diversity", "active_ageing", "social_cohesion"

# key: (name, kind, level, region code, part of, website)
STAKEHOLDERS = {
    "gov_bxl": ("Gouvernement de la Région de Bruxelles-Capitale", SK.POLITICAL, L.REGIONAL, "brussels", None, ""),
    "cab_bxl": ("Cabinet du Ministre bruxellois de l'Emploi", SK.POLITICAL, L.REGIONAL, "brussels", "gov_bxl", ""),
    "parl_bxl": ("Parlement de la Région de Bruxelles-Capitale", SK.POLITICAL, L.REGIONAL, "brussels", None,
                 "https://www.parlement.brussels"),
    "vlaams": ("Vlaams Parlement – Commissie Werk", SK.POLITICAL, L.REGIONAL, "flanders", None,
               "https://www.vlaamsparlement.be"),
    "parl_wal": ("Parlement de Wallonie – Commission de l'Emploi", SK.POLITICAL, L.REGIONAL, "wallonia", None,
                 "https://www.parlement-wallonie.be"),
    "cab_fed": ("Cabinet du Ministre fédéral de l'Emploi", SK.POLITICAL, L.FEDERAL, None, None, ""),
    "actiris": ("Actiris", SK.PUBLIC_BODY, L.REGIONAL, "brussels", None, "https://www.actiris.brussels"),
    "forem": ("Le Forem", SK.PUBLIC_BODY, L.REGIONAL, "wallonia", None, "https://www.leforem.be"),
    "vdab": ("VDAB", SK.PUBLIC_BODY, L.REGIONAL, "flanders", None, "https://www.vdab.be"),
    "adg": ("ADG – Arbeitsamt der Deutschsprachigen Gemeinschaft", SK.PUBLIC_BODY, L.COMMUNITY, "wallonia", None,
            "https://www.adg.be"),
    "spf": ("SPF Emploi, Travail et Concertation sociale", SK.PUBLIC_BODY, L.FEDERAL, None, None,
            "https://emploi.belgique.be"),
    "unia": ("Unia", SK.PUBLIC_BODY, L.FEDERAL, None, None, "https://www.unia.be"),
    "france_travail": ("France Travail", SK.PUBLIC_BODY, L.FEDERAL, "ile-de-france", None,
                       "https://www.francetravail.fr"),
    "fgtb": ("FGTB – ABVV", SK.TRADE_UNION, "", None, None, "https://www.fgtb.be"),
    "csc": ("CSC – ACV", SK.TRADE_UNION, "", None, None, "https://www.lacsc.be"),
    "beci": ("BECI – Brussels Enterprises Commerce and Industry", SK.EMPLOYER, "", "brussels", None,
             "https://www.beci.be"),
    "hiva": ("HIVA – Onderzoeksinstituut voor Arbeid en Samenleving (KU Leuven)", SK.ACADEMIC, "", "flanders", None,
             "https://hiva.kuleuven.be"),
    "lesoir": ("Le Soir", SK.MEDIA, "", None, None, "https://www.lesoir.be"),
    "frb": ("Fondation Roi Baudouin", SK.FUNDER, "", None, None, "https://kbs-frb.be"),
    "dg_empl": ("Commission européenne – DG EMPL", SK.PUBLIC_BODY, L.EUROPEAN, None, None,
                "https://employment-social-affairs.ec.europa.eu"),
}

D = datetime.date
PARLIAMENT_BXL = "Site du Parlement bruxellois (page publique des députés)"
CARD = "Carte de visite remise lors d'une réunion"
SIGNATURE = "Signature de ses courriels professionnels"
# key: (first name, last name, form of address, language, source, notes,
#       positions: (stakeholder, role, level, party, committees, from, until))
CONTACTS = {
    "vandersmissen": ("Hélène", "Vandersmissen", "Mme", "fr", PARLIAMENT_BXL, "A porté l'égalité des chances au "
                      "gouvernement ; connaît bien le programme.", [
                          ("gov_bxl", "Secrétaire d'État à l'Égalité des chances", L.REGIONAL, "", "",
                           D(2019, 7, 18), D(2024, 7, 1)),
                          ("parl_bxl", "Députée", L.REGIONAL, "Ecolo",
                           "Affaires économiques et Emploi, Égalité des chances", D(2024, 7, 2), None)]),
    "vanbrabant": ("Julien", "Vanbrabant", "M.", "fr", "Organigramme publié du cabinet", "", [
        ("cab_bxl", "Conseiller emploi et formation", L.REGIONAL, "", "", D(2026, 2, 13), None)]),
    "dewitte": ("Nathalie", "Dewitte", "Mme", "fr", PARLIAMENT_BXL, "", [
        ("parl_bxl", "Députée, présidente de commission", L.REGIONAL, "MR", "Affaires économiques et Emploi",
         D(2019, 6, 20), None)]),
    "verhaegen": ("Koen", "Verhaegen", "Dhr.", "nl", "Website van het Vlaams Parlement", "", [
        ("vlaams", "Vlaams volksvertegenwoordiger", L.REGIONAL, "CD&V", "Werk, Sociale Economie",
         D(2019, 6, 13), None)]),
    "vansteenkiste": ("An", "Van Steenkiste", "Mevr.", "nl", CARD, "Zat tot 2024 in de Commissie Werk.", [
        ("vlaams", "Vlaams volksvertegenwoordiger", L.REGIONAL, "Groen", "Werk, Sociale Economie",
         D(2019, 6, 13), D(2024, 7, 1)),
        ("vdab", "Beleidsadviseur diversiteit", "", "", "", D(2024, 10, 1), None)]),
    "vanhoutte": ("Bart", "Vanhoutte", "Dhr.", "nl", SIGNATURE, "", [
        ("vdab", "Diensthoofd Diversiteit en Inclusie", "", "", "", D(2021, 3, 1), None)]),
    "collignon": ("Sarah", "Collignon", "Mme", "fr", SIGNATURE, "Interlocutrice pour les antennes bruxelloises.", [
        ("actiris", "Responsable du service Diversité", "", "", "", D(2020, 9, 1), None)]),
    "delvaux": ("Olivier", "Delvaux", "M.", "fr", CARD, "", [
        ("forem", "Conseiller à la direction Inclusion", "", "", "", D(2022, 1, 10), None)]),
    "servais": ("Mathilde", "Servais", "Mme", "fr", "Organigramme publié du cabinet", "", [
        ("cab_fed", "Conseillère emploi des travailleurs âgés", L.FEDERAL, "", "", D(2025, 2, 3), None)]),
    "nollet": ("Frédéric", "Nollet", "M.", "fr", SIGNATURE, "Suit le dossier du volontariat des pensionnés.", [
        ("cab_fed", "Conseiller emploi", L.FEDERAL, "", "", D(2020, 10, 1), D(2025, 2, 3)),
        ("spf", "Attaché, direction des études", "", "", "", D(2025, 3, 1), None)]),
    "haddou": ("Samir", "Haddou", "M.", "fr", SIGNATURE, "", [
        ("unia", "Chargé de mission emploi", "", "", "", D(2018, 5, 1), None)]),
    "dubuisson": ("Marie-Claire", "Dubuisson", "Mme", "fr", CARD, "", [
        ("fgtb", "Secrétaire régionale, Bruxelles", "", "", "", D(2017, 1, 1), None)]),
    "vanacker": ("Pieter", "Van Acker", "Dhr.", "nl", CARD, "", [
        ("csc", "Adviseur diversiteit", "", "", "", D(2019, 4, 1), None)]),
    "jacquet": ("Caroline", "Jacquet", "Mme", "fr", SIGNATURE, "", [
        ("beci", "Conseillère emploi et diversité", "", "", "", D(2021, 9, 1), None)]),
    "vanhove": ("Lien", "Van Hove", "Prof.", "nl", "Publieke pagina van het onderzoeksinstituut", "", [
        ("hiva", "Onderzoeksleider arbeidsmarkt", "", "", "", D(2016, 10, 1), None)]),
    "delforge": ("Thomas", "Delforge", "M.", "fr", SIGNATURE, "", [
        ("lesoir", "Journaliste, rubrique Société", "", "", "", D(2015, 2, 1), None)]),
    "gobert": ("Anne-Sophie", "Gobert", "Mme", "fr", SIGNATURE, "", [
        ("frb", "Chargée de projets, Justice sociale", "", "", "", D(2020, 1, 6), None)]),
    "marchetti": ("Giulia", "Marchetti", "Ms", "en", "EU Whoiswho, the institutions' public directory", "", [
        ("dg_empl", "Policy officer, youth employment and inclusion", L.EUROPEAN, "", "", D(2022, 9, 1), None)]),
}


def _w(fr, nl, en):
    return {"fr": fr, "nl": nl, "en": en}


# code: (area, level, barriers, indicators, titles, texts)
RECOMMENDATIONS = {
    "mentoring-funding-framework": (EO, L.REGIONAL, ["no_network"],
                                    ["positive_exit_12m", "duo_reached_term", "network_widened"], _w(
        "Un cadre de financement structurel pour le mentorat vers l'emploi dans chaque région",
        "Een structureel financieringskader voor mentoring naar werk in elk gewest",
        "A structural funding framework for mentoring to work in each region"), _w(
        "Le mentorat vers l'emploi vit d'appels à projets annuels. Nous demandons à chaque région un cadre "
        "pluriannuel qui le finance sur des **critères de qualité** :\n\n- une formation et une supervision des "
        "mentors ;\n- un accompagnement d'au moins six mois par duo ;\n- la publication annuelle des sorties vers "
        "l'emploi ou la formation à douze mois.",
        "Mentoring naar werk leeft van jaarlijkse projectoproepen. We vragen elk gewest een meerjarig kader dat "
        "het financiert op basis van **kwaliteitscriteria**:\n\n- opleiding en supervisie van de mentoren;\n"
        "- een begeleiding van minstens zes maanden per duo;\n- de jaarlijkse publicatie van de uitstroom naar "
        "werk of opleiding na twaalf maanden.",
        "Mentoring to work lives on yearly calls for projects. We ask each region for a multi-year framework "
        "that funds it on **quality criteria**:\n\n- training and supervision of mentors;\n- at least six months "
        "of support per duo;\n- yearly publication of exits to work or training after twelve months.")),
    "anonymised-cv-testing": (ID, L.REGIONAL, ["discrimination_origin", "discrimination_name",
                                               "discrimination_religion"],
                              ["barrier_discrimination_origin", "barrier_discrimination_name", "positive_exit_12m"],
                              _w("Des candidatures anonymes et des tests de discrimination à l'embauche",
                                 "Anonieme sollicitaties en discriminatietests bij aanwerving",
                                 "Anonymised applications and discrimination testing in hiring"), _w(
        "À compétences égales, un nom à consonance étrangère reçoit moins de rappels : nos duos le constatent "
        "chaque année. Nous demandons le CV anonyme dans les services publics et chez les employeurs aidés, et "
        "des **tests de situation** menés par l'inspection régionale, suivis de sanctions.",
        "Bij gelijke competenties krijgt een vreemd klinkende naam minder telefoontjes: onze duo's stellen het "
        "elk jaar vast. We vragen anonieme cv's bij de overheid en bij gesubsidieerde werkgevers, en "
        "**praktijktests** door de gewestelijke inspectie, met sancties.",
        "With equal skills, a foreign-sounding name gets fewer call-backs: our duos see it every year. We ask for "
        "anonymised CVs in public services and at subsidised employers, and for **situation testing** by the "
        "regional inspectorate, followed by sanctions.")),
    "foreign-diploma-recognition": (EO, L.COMMUNITY, ["diploma"], ["barrier_diploma", "stable_job_12m"], _w(
        "Reconnaître plus vite les diplômes obtenus à l'étranger",
        "Buitenlandse diploma's sneller erkennen",
        "Recognise foreign degrees faster"), _w(
        "Une demande d'équivalence prend souvent des mois et coûte cher. Nous demandons une décision en trois mois "
        "au plus, la gratuité pour les demandeurs d'emploi et, quand un dossier est incomplet, une équivalence "
        "partielle ou une validation des compétences.",
        "Een aanvraag tot gelijkwaardigheid duurt vaak maanden en kost veel. We vragen een beslissing binnen drie "
        "maanden, kosteloosheid voor werkzoekenden en, bij een onvolledig dossier, een gedeeltelijke "
        "gelijkwaardigheid of een erkenning van competenties.",
        "An equivalence request often takes months and costs a lot. We ask for a decision within three months, "
        "no fee for job seekers and, when a file is incomplete, partial equivalence or a validation of skills.")),
    "senior-volunteering": (AA, L.FEDERAL, [], ["mentor_feels_useful", "mentor_reenrolled"], _w(
        "Valoriser le bénévolat des seniors qui accompagnent vers l'emploi",
        "Het vrijwilligerswerk van senioren die naar werk begeleiden valoriseren",
        "Value the volunteering of seniors who support people into work"), _w(
        "Nos mentors ont plus de cinquante ans et sont souvent retraités. Nous demandons une assurance prise en "
        "charge, un défraiement forfaitaire sans effet sur la pension ni sur les allocations, et une attestation "
        "des compétences acquises.",
        "Onze mentoren zijn ouder dan vijftig en vaak gepensioneerd. We vragen een gedekte verzekering, een "
        "forfaitaire onkostenvergoeding zonder gevolgen voor pensioen of uitkering, en een attest van de "
        "verworven competenties.",
        "Our mentors are over fifty and often retired. We ask for insurance that is paid for, a flat-rate expense "
        "allowance with no effect on pensions or benefits, and a certificate of the skills gained.")),
    "newcomers-employment-services": (ID, L.REGIONAL, ["public_services", "permit", "language"],
                                      ["barrier_public_services", "barrier_language", "days_to_match"], _w(
        "Ouvrir les services publics de l'emploi aux primo-arrivants dès le droit au travail",
        "De openbare diensten voor arbeidsbemiddeling openstellen voor nieuwkomers zodra ze mogen werken",
        "Open public employment services to newcomers as soon as they may work"), _w(
        "Beaucoup de primo-arrivants attendent la fin de leur parcours d'intégration pour s'inscrire. Nous "
        "demandons l'inscription dès l'obtention du droit au travail, un accueil avec interprète et des cours de "
        "langue orientés vers le métier visé.",
        "Veel nieuwkomers wachten het einde van hun inburgeringstraject af om zich in te schrijven. We vragen "
        "inschrijving zodra ze mogen werken, onthaal met tolk en taallessen gericht op het beoogde beroep.",
        "Many newcomers wait for the end of their integration course to register. We ask for registration as soon "
        "as they may work, a welcome with an interpreter and language classes aimed at the job they want.")),
    "intergenerational-social-cohesion": (SC, L.MUNICIPAL, [], ["confidence_increased", "capital_social_change"], _w(
        "Inscrire le mentorat intergénérationnel dans les plans de cohésion sociale",
        "Intergenerationele mentoring opnemen in de plannen voor sociale cohesie",
        "Include intergenerational mentoring in social cohesion plans"), _w(
        "Le mentorat crée des liens entre générations et entre quartiers. Nous demandons que les plans de "
        "cohésion sociale le reconnaissent comme action éligible et financent des lieux de rencontre pour les "
        "duos : bibliothèques, maisons de quartier.",
        "Mentoring legt banden tussen generaties en tussen wijken. We vragen dat de plannen voor sociale cohesie "
        "het erkennen als subsidieerbare actie en ontmoetingsplaatsen voor de duo's financieren: bibliotheken, "
        "buurthuizen.",
        "Mentoring builds ties between generations and neighbourhoods. We ask social cohesion plans to recognise "
        "it as an eligible action and to fund places where duos meet: libraries, community centres.")),
}
FUNDING_V2 = _w(
    "\n- un accès ouvert aux personnes sans réseau professionnel, quel que soit leur parcours.",
    "\n- open toegang voor mensen zonder professioneel netwerk, wat hun traject ook is.",
    "\n- open access for people without a professional network, whatever their path.")
CAMPAIGN_RECS = ["mentoring-funding-framework", "anonymised-cv-testing", "foreign-diploma-recognition",
                 "newcomers-employment-services", "intergenerational-social-cohesion"]


def _i(ago, kind, subject, stakeholders=(), contacts=(), recs=(), *, staff="o", areas=(EO,), summary="",
       follow_up="", due=None, done=False, report=False, campaign=False, lobbying=True):
    """One interaction, `ago` days before the seeder's day; `due` counted from that day too (negative: past)."""
    return locals()


F, DG, CV, NC, SV, CO = ("mentoring-funding-framework", "foreign-diploma-recognition", "anonymised-cv-testing",
                         "newcomers-employment-services", "senior-volunteering", "intergenerational-social-cohesion")
INTERACTIONS = [
    _i(420, K.MEETING, "Présentation du programme et des premiers chiffres à Actiris", ["actiris"], ["collignon"],
       [F, NC], staff="oc", areas=(EO, ID), summary="Intérêt pour les duos des antennes bruxelloises ; question "
       "sur l'accès des primo-arrivants.", follow_up="Envoyer la note sur les critères de qualité", due=-405,
       done=True),
    _i(405, K.LETTER, "Courrier au cabinet bruxellois de l'Emploi : financer le mentorat sur plusieurs années",
       ["cab_bxl"], [], [F]),
    _i(390, K.MEETING, "Échange avec la Fondation Roi Baudouin sur le soutien au mentorat", ["frb"], ["gobert"],
       areas=(EO, SC), summary="Piste d'un appel à projets sur la cohésion sociale.", lobbying=False),
    _i(370, K.CONSULTATION, "Réponse à la consultation de la Commission sur la Garantie pour la jeunesse",
       ["dg_empl"], [], [F, NC], staff="oa", areas=(EO, ID)),
    _i(350, K.MEETING, "Overleg met VDAB over mentoring naar werk in Vlaanderen", ["vdab"], ["vanhoutte", "vansteenkiste"],
       [F, DG], follow_up="Cijfers voor Antwerpen en Gent doorsturen", due=-330, done=True),
    _i(330, K.MEETING, "Discriminations à l'embauche rapportées par les duos", ["unia"], ["haddou"], [CV],
       areas=(ID,), summary="Unia propose de croiser nos constats avec ses signalements."),
    _i(310, K.CALL, "Position des employeurs bruxellois sur le CV anonyme", ["beci"], ["jacquet"], [CV], areas=(ID,),
       summary="Réticence envers toute obligation ; ouverture à des projets pilotes volontaires."),
    _i(290, K.MEETING, "Rencontre avec les syndicats interprofessionnels", ["fgtb", "csc"], ["dubuisson", "vanacker"],
       [CV, DG], staff="oa", areas=(EO, ID)),
    _i(270, K.EVENT, "Colloquium HIVA: mentoring en arbeidsmarktintegratie", ["hiva"], ["vanhove"],
       areas=(EO, ID), summary="Présentation de nos indicateurs ; intérêt pour une évaluation commune.",
       lobbying=False),
    _i(250, K.LETTER, "Lettre au Ministre fédéral de l'Emploi : le statut des mentors bénévoles", ["cab_fed"],
       ["servais"], [SV], staff="a", areas=(AA,)),
    _i(235, K.MEETING, "Mentorat et accompagnement des primo-arrivants en Wallonie", ["forem"], ["delvaux"], [F, NC],
       areas=(EO, ID), follow_up="Transmettre les résultats de l'antenne de Charleroi", due=-220, done=True),
    _i(215, K.MEETING, "Gesprek met de Commissie Werk over buitenlandse diploma's", ["vlaams"], ["verhaegen"],
       [DG, F]),
    _i(195, K.MEETING, "Rencontre avec la présidente de la commission Emploi", ["parl_bxl"], ["dewitte"], [F, CV],
       areas=(EO, ID)),
    _i(180, K.CALL, "Le volontariat des pensionnés vu par l'administration fédérale", ["spf"], ["nollet"], [SV],
       areas=(AA,)),
    _i(160, K.MEETING, "Rendez-vous au cabinet bruxellois de l'Emploi", ["cab_bxl"], ["vanbrabant"], [F, NC, CO],
       staff="oa", areas=(EO, ID, SC), summary="Le cabinet prépare son appel à projets ; demande nos critères."),
    _i(140, K.SOCIAL, "Journée des aînés : nos mentors de plus de cinquante ans", areas=(AA,), lobbying=False),
    _i(120, K.MEETING, "Échange avec l'ADG sur le mentorat en Communauté germanophone", ["adg"], [], [F]),
    _i(100, K.LETTER, "Courrier aux membres de la commission de l'Emploi du Parlement de Wallonie", ["parl_wal"], [],
       [F, CO], areas=(EO, SC), campaign=True),
    _i(85, K.MEETING, "Égalité des chances et mentorat : rencontre avec une députée", ["parl_bxl"], ["vandersmissen"],
       [CV, CO], areas=(ID, SC), campaign=True),
    _i(70, K.CONSULTATION, "Consultation d'Actiris sur son prochain contrat de gestion", ["actiris"], ["collignon"],
       [NC, F], areas=(ID,), follow_up="Envoyer nos propositions écrites", due=-60, done=True),
    _i(45, K.LETTER, "Relance au cabinet fédéral de l'Emploi : statut des mentors bénévoles", ["cab_fed"],
       ["servais"], [SV], staff="a", areas=(AA,), follow_up="Obtenir un rendez-vous avec la conseillère", due=-6),
    _i(20, K.HEARING, "Audition en commission des Affaires économiques et de l'Emploi", ["parl_bxl"],
       ["dewitte", "vandersmissen"], [F, CV, DG, NC], staff="oa", areas=(EO, ID), report=True, campaign=True,
       summary="Présentation du rapport d'expérience ; questions sur les sorties à douze mois et les discriminations.",
       follow_up="Envoyer le rapport et le mémorandum aux membres de la commission", due=-13, done=True),
    _i(14, K.SOCIAL, "Le rapport d'expérience 2026 est en ligne", areas=(EO,), report=True, campaign=True,
       lobbying=False),
    _i(12, K.MEDIA, "Carte blanche dans Le Soir : reconnaître plus vite les diplômes", ["lesoir"], ["delforge"],
       report=True, campaign=True, lobbying=False),
    _i(10, K.MEETING, "Suivi avec Actiris : les chiffres des antennes bruxelloises", ["actiris"], ["collignon"], [NC, F],
       staff="oc", areas=(EO, ID), report=True, follow_up="Envoyer les chiffres par antenne bruxelloise", due=3),
    _i(6, K.MEETING, "Opvolging Commissie Werk: gelijkwaardigheid van diploma's", ["vlaams"], ["verhaegen"], [DG],
       campaign=True, follow_up="Nota over de erkenningsprocedure bezorgen", due=20),
    _i(3, K.CALL, "ESF+ funding for mentoring programmes", ["dg_empl"], ["marchetti"], [F], areas=(EO,)),
]
# (recommendation, stakeholder, status, days ago, note): where the road went further than a conversation.
MOVES = [
    (CV, "unia", Status.SUPPORTED, 320, "Unia soutient les tests de situation."),
    (CV, "beci", Status.REJECTED, 300, "BECI s'oppose au CV anonyme obligatoire."),
    (F, "cab_bxl", Status.SUPPORTED, 150, "Le cabinet reprend nos critères de qualité."),
    (F, "cab_bxl", Status.COMMITTED, 30, "Cadre pluriannuel annoncé dans l'appel à projets."),
    (F, "parl_bxl", Status.SUPPORTED, 18, "Soutien exprimé après l'audition."),
    (NC, "actiris", Status.IMPLEMENTED, 8, "Inscription ouverte dès l'obtention du droit au travail."),
    (DG, "vlaams", Status.SUPPORTED, 5, "Steun voor een beslissingstermijn van drie maanden."),
]
MILESTONES = [(-110, "Lancement du mémorandum : choix des recommandations", True),
              (-20, "Audition au Parlement bruxellois", True),
              (45, "Mémorandum envoyé aux présidents de parti", False),
              (240, "Rencontres avec les candidats dans les trois régions", False)]
ELECTIONS = D(2029, 6, 10)


def advocacy(seeder) -> dict:
    officer = User.objects.filter(role=Role.OFFICER).order_by("pk").first()
    if officer is None:
        return {"stakeholders": 0, "contacts": 0, "recommendations": 0, "interactions": 0}
    with override("fr"):
        return Demo(seeder, officer).run()


class Demo:
    def __init__(self, seeder, officer):
        self.today = seeder.today
        self.by = officer
        self.staff = {"o": officer, "a": User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first(),
                      "c": User.objects.filter(role=Role.COORDINATOR, antennas__code="brussels").order_by("pk").first()}
        self.report = Publication.objects.filter(slug=REPORT).first()

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def run(self) -> dict:
        self.stakeholders()
        self.contacts()
        self.recommendations()
        self.memorandum = self.draft_memorandum()
        self.campaign = self.make_campaign()
        for row in INTERACTIONS:
            self.interaction(row)
        for code, key, status, ago, note in MOVES:
            target = services.target_add(by=self.by, recommendation=self.recs[code], stakeholder=self.sh[key])
            services.target_set_status(by=self.by, target=target, status=status, on=self.past(ago), note=note)
        return {"stakeholders": len(self.sh), "contacts": len(self.people), "recommendations": len(self.recs),
                "interactions": len(INTERACTIONS), "campaigns": 1}

    def past(self, ago: int) -> datetime.date:
        # The services refuse a status dated in the future; the seeder's day is today's in practice.
        return min(self.day(-ago), timezone.localdate())

    def stakeholders(self):
        regions = {r.code: r for r in Region.objects.all()}
        self.sh = {}
        for key, (name, kind, level, region, parent, website) in STAKEHOLDERS.items():
            self.sh[key] = services.stakeholder_save(by=self.by, name=name, kind=kind, level=level,
                                                     region=regions.get(region), parent=self.sh.get(parent),
                                                     website=website)

    def contacts(self):
        self.people = {}
        for key, (first, last, title, language, source, notes, positions) in CONTACTS.items():
            contact = services.contact_save(by=self.by, first_name=first, last_name=last, title=title,
                                            language=language, legal_basis="legitimate_interest", source=source,
                                            notes=notes)
            for stakeholder, role, level, party, committees, start, end in positions:
                services.position_save(by=self.by, contact=contact, stakeholder=self.sh[stakeholder], role=role,
                                       level=level, party=party, committees=committees, started_on=start,
                                       ended_on=end)
            self.people[key] = contact

    def recommendations(self):
        snapshot = latest()
        self.recs = {}
        for code, (area, level, barriers, indicators, titles, texts) in RECOMMENDATIONS.items():
            wording = {f"{stem}_{lang}": words[lang] for stem, words in (("title", titles), ("text", texts))
                       for lang in ("fr", "nl", "en")}
            self.recs[code] = services.recommendation_create(
                by=self.by, code=code, area=area, level=level, barriers=barriers, indicators=indicators,
                snapshot=snapshot, publications=[self.report] if self.report else [],
                change_note="Première rédaction", **wording)
        funding = self.recs[F]
        current = funding.current
        services.recommendation_revise(
            by=self.by, recommendation=funding, change_note="Critère d'accès ajouté après la consultation d'Actiris",
            **{f"title_{lang}": getattr(current, f"title_{lang}") for lang in ("fr", "nl", "en")},
            **{f"text_{lang}": getattr(current, f"text_{lang}") + FUNDING_V2[lang] for lang in ("fr", "nl", "en")})
        # Evidence from the duos' own words, where their consent allows a public use.
        usable = quotes.usable(quotes.PUBLIC)[:2]
        if usable:
            services.recommendation_update(by=self.by, recommendation=funding, testimonies=[q.pk for q in usable])

    def draft_memorandum(self):
        """The 2029 memorandum, still a draft, whose recommendations section lists the registry's."""
        def texts(stem, fr, nl, en):
            return {f"{stem}_fr": fr, f"{stem}_nl": nl, f"{stem}_en": en}

        memo = publishing.publication_create(
            by=self.by, slug="memorandum-2029", kind="memorandum",
            **texts("title", "Mémorandum 2029 : le mentorat, un levier pour l'emploi",
                    "Memorandum 2029: mentoring als hefboom naar werk",
                    "Memorandum 2029: mentoring as a lever for work"),
            **texts("summary", "Cinq demandes aux partis avant les élections régionales.",
                    "Vijf vragen aan de partijen voor de gewestverkiezingen.",
                    "Five asks to the parties before the regional elections."))
        publishing.section_add(
            version=memo.latest, by=self.by, kind=SectionKind.RECOMMENDATIONS,
            **texts("heading", "Nos demandes", "Onze vragen", "Our asks"),
            **texts("body", "Ce que les duos nous ont appris, traduit en cinq mesures.",
                    "Wat de duo's ons leerden, vertaald in vijf maatregelen.",
                    "What the duos taught us, turned into five measures."),
            recommendations=[self.recs[code] for code in CAMPAIGN_RECS])
        return memo

    def make_campaign(self):
        campaign = services.campaign_save(
            by=self.by, name="Mémorandum 2029", slug="memorandum-2029", status=CampaignStatus.ACTIVE,
            goal="Faire inscrire le financement du mentorat et la lutte contre les discriminations à l'embauche dans "
                 "les accords de gouvernement régionaux de 2029.",
            starts_on=self.day(-120), ends_on=max(ELECTIONS + datetime.timedelta(days=20), self.day(365)),
            recommendations=[self.recs[code] for code in CAMPAIGN_RECS],
            stakeholders=[self.sh[key] for key in ("parl_bxl", "vlaams", "parl_wal", "cab_bxl")],
            publications=[p for p in (self.report, self.memorandum) if p])
        for offset, title, done in MILESTONES:
            services.milestone_save(by=self.by, campaign=campaign, on=self.day(offset), title=title, done=done)
        services.milestone_save(by=self.by, campaign=campaign, on=max(ELECTIONS, self.day(300)),
                                title="Élections régionales et européennes", done=False)
        return campaign

    def interaction(self, row):
        on = self.past(row["ago"])
        interaction = services.interaction_save(
            by=self.by, kind=row["kind"], on=on, subject=row["subject"], areas=list(row["areas"]),
            stakeholders=[self.sh[k] for k in row["stakeholders"]],
            contacts=[self.people[k] for k in row["contacts"]],
            staff=[self.staff[k] for k in row["staff"] if self.staff[k]],
            recommendations=[self.recs[c] for c in row["recs"]],
            publications=[self.report] if row["report"] and self.report else [],
            campaign=self.campaign if row["campaign"] else None, summary=row["summary"],
            follow_up=row["follow_up"], follow_up_due=self.day(row["due"]) if row["due"] is not None else None,
            follow_up_owner=self.by if row["follow_up"] else None, lobbying=row["lobbying"])
        if row["done"]:
            services.follow_up_done(by=self.by, interaction=interaction)
        return interaction
