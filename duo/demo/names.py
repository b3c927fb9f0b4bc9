"""Name pools for demo people, grouped by the naming tradition they come from.

Pools are small on purpose: a demo needs plausible names, not a census. Mentees' names follow
their (grand)parents' region of birth, mentors' mostly the antenna's language.
"""

# tradition -> (female first names, male first names, last names), space-separated
_RAW = {
    "francophone": (
        "Anne Catherine Christine Isabelle Martine Nathalie Sylvie Véronique Brigitte Françoise Monique Dominique "
        "Chantal Patricia Sophie Claire Julie Camille Manon Léa Chloé Sarah Laura Pauline",
        "Jean Philippe Michel Alain Patrick Pierre Marc Didier Bernard Luc Thierry Eric Christian Daniel Jacques "
        "Olivier Vincent Frédéric Nicolas Thomas Julien Maxime Antoine Hugo",
        "Dubois Lambert Martin Dupont Leroy Renard Lemaire Simon Laurent Lefèbvre Mertens Collard Gilson Hubert "
        "Denis François Moreau Bernard Petit Durand Girard Mercier Fontaine Rousseau Chevalier Marchal Henrard "
        "Wauters Leclercq Bertrand Masson Gérard Robert",
    ),
    "flemish": (
        "An Els Katrien Hilde Marleen Greet Lieve Veerle Inge Sofie Nele Ellen Liesbeth Annelies Kristel Leen Lotte "
        "Femke Marie Fien",
        "Jan Koen Peter Bart Dirk Geert Luc Wim Johan Tom Stijn Kris Filip Pieter Jef Wouter Joris Ruben Lars Mathias",
        "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De Smet Dubois Hermans Aerts Michiels "
        "Lambrechts Verstraeten Van den Bossche Desmet Vermeulen De Clercq Smets Van Damme Verhoeven Claeys "
        "Martens Hendrickx De Backer Pauwels",
    ),
    "maghreb": (
        "Fatima Khadija Amina Nadia Samira Yasmina Salma Imane Sanaa Houda Meryem Nour Hajar Zineb Rania Soukaina "
        "Leila Ikram Loubna Wafae",
        "Mohamed Ahmed Youssef Karim Mehdi Rachid Said Hamza Bilal Anas Ayoub Ilias Omar Nabil Amine Hicham Samir "
        "Zakaria Soufiane Adil",
        "Benali El Amrani Bouzid Chaouki El Idrissi Haddad Belkacem Mansouri Ouali Tahiri Bennani Azzouzi Cherkaoui "
        "El Khattabi Boukhari Lahlou Benjelloun Aït Ahmed Zerrouki Messaoudi Saidi Rahmouni Fassi Hamdaoui",
    ),
    "west_central_africa": (
        "Aminata Fatoumata Mariama Aïssatou Grace Divine Esther Ruth Clarisse Aïcha Nafissatou Adama Bintou Prisca "
        "Josiane Christelle Gloria Merveille Ornella Kadiatou",
        "Mamadou Ousmane Ibrahima Moussa Abdoulaye Cheikh Serge Patrick Jean-Claude Yannick Christian Junior Blaise "
        "Arsène Landry Fabrice Désiré Samuel Emmanuel Boubacar",
        "Diallo Traoré Kabila Mukendi Tshibanda Ilunga Kasongo Nkosi Mbala Diop Ndiaye Sow Camara Keita Touré "
        "Kouassi Koné Ouédraogo Lukusa Mbuyi Kalonji Nsimba Okafor Mensah Bangura",
    ),
    "east_africa": (
        "Hiwot Selam Meron Saron Hana Luwam Filmon Asmeret Amal Hodan Ayaan Sahra Fardowsa Hibo Nasra",
        "Abdi Mohamed Yonas Dawit Tesfaye Samuel Kidane Robel Ahmed Abdirahman Mahad Hassan Daniel Biniam Filimon",
        "Tesfay Gebremedhin Haile Tekle Mengistu Abraha Yohannes Berhe Warsame Farah Abdullahi Osman Hussein Ali "
        "Mohamud Jama",
    ),
    "levant": (
        "Rania Lina Rasha Hiba Noor Dalia Reem Maya Sara Yara Lama Ghada Rim Alaa Zeinab Mariam",
        "Ahmad Mohammad Omar Khaled Ali Hassan Hussein Tarek Rami Bassel Firas Wael Mahmoud Yousef Mustafa Ammar",
        "Al-Hassan Haddad Khalil Saleh Nasser Darwish Hamdan Mansour Al-Khatib Jaber Aziz Ibrahim Karim Hamoud "
        "Al-Jabouri Shamoun Qasim Suleiman",
    ),
    "afghan_south_asia": (
        "Fatima Zahra Maryam Shabnam Parisa Nazanin Farida Sana Ayesha Priya Anjali Nisha Roya Mahsa",
        "Ahmad Mohammad Ali Reza Farid Jawad Omid Hamid Bilal Imran Arjun Rahul Sandeep Tariq Wahid Zabiullah",
        "Ahmadi Hosseini Rahimi Karimi Sultani Noori Stanekzai Haidari Khan Hussain Malik Sharma Singh Patel "
        "Chaudhry Rezaei Mohammadi",
    ),
    "east_asia": (
        "Mei Li Na Xin Yan Linh Thi Hoa Mai Lan Anh Maria Kristine Jasmine Ayumi Yuki",
        "Wei Jun Hao Lei Ming Minh Tuan Duc Huy Nam Jose Mark Paolo Kenji Hiroshi",
        "Wang Li Zhang Chen Liu Yang Nguyen Tran Le Pham Hoang Santos Reyes Cruz Bautista Tanaka Suzuki",
    ),
    "latin": (
        "María Carmen Ana Lucía Valentina Camila Daniela Gabriela Paola Andrea Mariana Fernanda Juliana Isabela",
        "José Luis Carlos Juan Miguel Andrés Diego Santiago Felipe Alejandro Mateo Gabriel Rafael Thiago",
        "García Rodríguez Martínez López González Pérez Sánchez Ramírez Torres Flores Silva Oliveira Souza Vargas "
        "Castillo Morales Herrera Mendoza",
    ),
    "turkish": (
        "Ayşe Fatma Emine Zeynep Elif Merve Büşra Esra Gül Hatice Sevgi Derya Özlem Selin",
        "Mehmet Mustafa Ahmet Ali Hüseyin Hasan Murat Emre Burak Serkan Kemal Yusuf Osman Can",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Koç Kurt",
    ),
    "east_europe": (
        "Olena Iryna Natalia Oksana Tetiana Yulia Anastasia Elena Svetlana Ana Marija Jelena Arta Blerta Teuta Nino",
        "Oleksandr Andriy Dmytro Serhiy Mykola Ivan Artem Alexei Sergei Nikola Marko Stefan Arben Besnik Giorgi Davit",
        "Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Boyko Ivanov Petrov Smirnov Popović Jovanović Nikolić "
        "Krasniqi Berisha Hoxha Gashi Beridze Kapanadze",
    ),
    "european_union": (
        "Giulia Francesca Chiara Elena Laura Ana Beatriz Inês Joana Anna Katarzyna Magdalena Ioana Andreea Maria",
        "Marco Luca Giuseppe Antonio Francesco João Pedro Tiago Piotr Tomasz Krzysztof Andrei Mihai Alexandru",
        "Rossi Russo Esposito Bianchi Romano Ferreira Pereira Costa Nowak Kowalski Wiśniewski Popescu Ionescu "
        "Dumitru Stan",
    ),
}

# Particles that begin a multi-word surname, so that "El Amrani" or "Van den Bossche" stay one name.
_JOINED = {"El", "Al", "Aït", "De", "Van", "den"}


def _rejoin(words):
    out, pending = [], []
    for word in words:
        pending.append(word)
        if word not in _JOINED:
            out.append(" ".join(pending))
            pending = []
    return tuple(out)


POOLS = {k: (tuple(f.split()), tuple(m.split()), _rejoin(last.split())) for k, (f, m, last) in _RAW.items()}

# Region of birth (people.choices.OriginRegion value) -> naming traditions and their weights.
BY_ORIGIN = {
    "north_africa": (("maghreb",), (1,)),
    "sub_saharan_africa": (("west_central_africa", "east_africa"), (4, 1)),
    "middle_east": (("levant",), (1,)),
    "asia": (("afghan_south_asia", "east_asia"), (3, 1)),
    "latin_america": (("latin",), (1,)),
    "europe_non_eu": (("turkish", "east_europe"), (1, 1)),
    "eu": (("european_union",), (1,)),
    # Born here with a (grand)parent born outside the EU: the largest diasporas.
    "here": (("maghreb", "west_central_africa", "turkish", "levant", "latin"), (45, 25, 18, 7, 5)),
    "undisclosed": (("maghreb", "west_central_africa", "levant", "afghan_south_asia", "east_europe"),
                    (3, 3, 2, 1, 1)),
}
