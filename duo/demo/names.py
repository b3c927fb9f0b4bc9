"""Name pools for demo people, grouped by the naming tradition they come from.

Pools are small on purpose: a demo needs plausible names, not a census. Mentees' names follow
their (grand)parents' region of birth, mentors' mostly the antenna's language. Multi-word surnames
are joined with "_" here and read back with a space.
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
        "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet Hermans Aerts Michiels "
        "Lambrechts Verstraeten Van_den_Bossche Desmet Vermeulen De_Clercq Smets Van_Damme Verhoeven Claeys "
        "Martens Hendrickx De_Backer Pauwels",
    ),
    "maghreb": (
        "Fatima Khadija Amina Nadia Samira Yasmina Salma Imane Sanaa Houda Meryem Nour Hajar Zineb Rania Soukaina "
        "Leila Ikram Loubna Wafae",
        "Mohamed Ahmed Youssef Karim Mehdi Rachid Said Hamza Bilal Anas Ayoub Ilias Omar Nabil Amine Hicham Samir "
        "Zakaria Soufiane Adil",
        "Benali El_Amrani Bouzid Chaouki El_Idrissi Haddad Belkacem Mansouri Ouali Tahiri Bennani Azzouzi Cherkaoui "
        "El_Khattabi Boukhari Lahlou Benjelloun Aït_Ahmed Zerrouki Messaoudi Saidi Rahmouni Fassi Hamdaoui",
    ),
    "central_africa": (
        "Grace Divine Esther Ruth Clarisse Prisca Josiane Christelle Gloria Merveille Ornella Sarah Nadège Chancelle",
        "Serge Patrick Jean-Claude Yannick Christian Junior Blaise Arsène Landry Fabrice Désiré Samuel Emmanuel "
        "Glody Héritier",
        "Mukendi Tshibanda Ilunga Kasongo Mbala Lukusa Mbuyi Kalonji Nsimba Kabongo Mulumba Tshimanga Ngoy Kanku "
        "Lumbala Nkulu Habimana Niyonzima Uwimana Ndayishimiye",
    ),
    "west_africa": (
        "Aminata Fatoumata Mariama Aïssatou Aïcha Nafissatou Adama Bintou Kadiatou Awa Ramatoulaye Ngozi Abena",
        "Mamadou Ousmane Ibrahima Moussa Abdoulaye Cheikh Boubacar Alpha Lamine Seydou Kwame Chinedu",
        "Diallo Traoré Diop Ndiaye Sow Camara Keita Touré Kouassi Koné Ouédraogo Bah Barry Fofana Okafor Mensah "
        "Bangura Sylla",
    ),
    "ethiopian_eritrean": (
        "Hiwot Selam Meron Saron Hana Luwam Asmeret Senait Rahel Mekdes",
        "Yonas Dawit Tesfaye Samuel Kidane Robel Daniel Biniam Filimon Henok",
        "Tesfay Gebremedhin Haile Tekle Mengistu Abraha Yohannes Berhe Ghebreyesus Kahsay",
    ),
    "somali": (
        "Amal Hodan Ayaan Sahra Fardowsa Hibo Nasra Ikran Sagal",
        "Abdi Mohamed Ahmed Abdirahman Mahad Hassan Liban Abdullahi Yusuf",
        "Warsame Farah Abdullahi Osman Hussein Ali Mohamud Jama Egal Hirsi",
    ),
    "levant": (
        "Rania Lina Rasha Hiba Noor Dalia Reem Maya Sara Yara Lama Ghada Rim Alaa Zeinab Mariam",
        "Ahmad Mohammad Omar Khaled Ali Hassan Hussein Tarek Rami Bassel Firas Wael Mahmoud Yousef Mustafa Ammar",
        "Al-Hassan Haddad Khalil Saleh Nasser Darwish Hamdan Mansour Al-Khatib Jaber Aziz Ibrahim Karim Hamoud "
        "Al-Jabouri Shamoun Qasim Suleiman",
    ),
    "afghan": (
        "Fatima Zahra Maryam Shabnam Parisa Farida Roya Mahsa Nazanin Freshta Marzia",
        "Ahmad Mohammad Ali Reza Farid Jawad Omid Hamid Wahid Zabiullah Mustafa Sayed",
        "Ahmadi Hosseini Rahimi Karimi Sultani Noori Stanekzai Haidari Rezaei Mohammadi Safi Amiri",
    ),
    "south_asian": (
        "Ayesha Sana Priya Anjali Nisha Fatima Hina Sadia Tahmina Nusrat",
        "Bilal Imran Arjun Rahul Sandeep Tariq Usman Rakib Faisal Kamran",
        "Khan Hussain Malik Sharma Singh Patel Chaudhry Ahmed Rahman Islam Iqbal",
    ),
    "chinese": ("Mei Li Na Xin Yan Jing Hui Ying", "Wei Jun Hao Lei Ming Tao Bo Chen", "Wang Li Zhang Chen Liu Yang "
                "Huang Zhao Wu Zhou"),
    "vietnamese": ("Linh Hoa Mai Lan Anh Thao Trang Huong", "Minh Tuan Duc Huy Nam Khoa Long Phuc", "Nguyen Tran Le "
                   "Pham Hoang Vu Dang Bui Do"),
    "filipino": ("Maria Kristine Jasmine Angelica Joy Rowena", "Jose Mark Paolo Jericho Ramon Carlo", "Santos Reyes "
                 "Cruz Bautista Garcia Mendoza Ramos Villanueva"),
    "hispanic": (
        "María Carmen Ana Lucía Valentina Camila Daniela Gabriela Paola Andrea Mariana Fernanda",
        "José Luis Carlos Juan Miguel Andrés Diego Santiago Felipe Alejandro Mateo Sebastián",
        "García Rodríguez Martínez López González Pérez Sánchez Ramírez Torres Flores Vargas Castillo Morales "
        "Herrera Mendoza Rojas",
    ),
    "brazilian": ("Juliana Isabela Larissa Beatriz Letícia Thaís", "Thiago Gabriel Rafael Lucas Matheus Vinícius",
                  "Silva Oliveira Souza Santos Lima Pereira Ferreira Almeida Costa"),
    "turkish": (
        "Ayşe Fatma Emine Zeynep Elif Merve Büşra Esra Gül Hatice Sevgi Derya Özlem Selin",
        "Mehmet Mustafa Ahmet Ali Hüseyin Hasan Murat Emre Burak Serkan Kemal Yusuf Osman Can",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Koç Kurt",
    ),
    "slavic": (
        "Olena Iryna Natalia Oksana Tetiana Yulia Anastasia Elena Svetlana Kateryna",
        "Oleksandr Andriy Dmytro Serhiy Mykola Ivan Artem Alexei Sergei Bohdan",
        "Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Boyko Ivanov Petrov Smirnov Kravchenko",
    ),
    "albanian_balkan": (
        "Arta Blerta Teuta Drita Vjosa Ana Marija Jelena Amra Lejla",
        "Arben Besnik Driton Ilir Nikola Marko Stefan Emir Adnan Haris",
        "Krasniqi Berisha Hoxha Gashi Shala Popović Jovanović Nikolić Hodžić Begić",
    ),
    "italian": ("Giulia Francesca Chiara Elena Sara", "Marco Luca Giuseppe Antonio Francesco",
                "Rossi Russo Esposito Bianchi Romano Ferrari Colombo"),
    "portuguese": ("Ana Beatriz Inês Joana Mariana", "João Pedro Tiago Rui Miguel",
                   "Ferreira Pereira Costa Rodrigues Martins Sousa"),
    "polish": ("Anna Katarzyna Magdalena Agnieszka Joanna", "Piotr Tomasz Krzysztof Paweł Marcin",
               "Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski"),
    "romanian": ("Ioana Andreea Maria Elena Alexandra", "Andrei Mihai Alexandru Ionuț Bogdan",
                 "Popescu Ionescu Dumitru Stan Popa Constantin"),
}


def _names(words: str) -> tuple[str, ...]:
    return tuple(w.replace("_", " ") for w in words.split())


POOLS = {k: (_names(f), _names(m), _names(last)) for k, (f, m, last) in _RAW.items()}

# Region of birth (people.choices.OriginRegion value) -> naming traditions and their weights.
BY_ORIGIN = {
    "north_africa": {"maghreb": 1},
    "sub_saharan_africa": {"central_africa": 45, "west_africa": 35, "ethiopian_eritrean": 12, "somali": 8},
    "middle_east": {"levant": 1},
    "asia": {"afghan": 50, "south_asian": 20, "chinese": 10, "vietnamese": 10, "filipino": 10},
    "latin_america": {"hispanic": 75, "brazilian": 25},
    "europe_non_eu": {"turkish": 45, "slavic": 30, "albanian_balkan": 25},
    "eu": {"italian": 1, "portuguese": 1, "polish": 1, "romanian": 1},
    # Born here with a (grand)parent born outside the EU: the largest diasporas.
    "here": {"maghreb": 45, "central_africa": 15, "west_africa": 10, "turkish": 18, "levant": 7, "hispanic": 5},
    "undisclosed": {"maghreb": 3, "central_africa": 2, "west_africa": 1, "levant": 2, "afghan": 1, "slavic": 1},
}

# The language spoken at home in each tradition, as people.choices.Language values.
HOME_LANGUAGE = {
    "francophone": {"fr": 1}, "flemish": {"nl": 1}, "maghreb": {"ar": 85, "other": 15}, "levant": {"ar": 1},
    "central_africa": {"fr": 70, "other": 30}, "west_africa": {"fr": 50, "en": 20, "other": 30},
    "ethiopian_eritrean": {"other": 1}, "somali": {"other": 70, "ar": 30}, "afghan": {"other": 1},
    "south_asian": {"other": 70, "en": 30}, "chinese": {"other": 1}, "vietnamese": {"other": 1},
    "filipino": {"en": 60, "other": 40}, "hispanic": {"es": 1}, "brazilian": {"pt": 1}, "turkish": {"tr": 1},
    "slavic": {"ru": 60, "other": 40}, "albanian_balkan": {"other": 1}, "italian": {"other": 1},
    "portuguese": {"pt": 1}, "polish": {"other": 1}, "romanian": {"other": 1},
}
