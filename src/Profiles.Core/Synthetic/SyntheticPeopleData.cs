// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>
/// The fixed lists persons are drawn from: diverse first and last names (accented ones included), short forms of
/// first names, North American cities with their spellings and area codes, and e-mail providers.
/// </summary>
/// <remarks>The order of every list is part of the generator's output: changing it changes every world.</remarks>
internal static class SyntheticPeopleData
{
    /// <summary>Gets first names from many languages, accents as written.</summary>
    public static readonly string[] FirstNames =
    [
        // English
        "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
        "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul", "Andrew", "Joshua",
        "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan",
        "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon",
        "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Frank", "Raymond", "Jack", "Dennis", "Tyler",
        "Aaron", "Henry", "Douglas", "Peter", "Nathan", "Zachary", "Kyle", "Noah", "Ethan", "Jeremy",
        "Christian", "Keith", "Austin", "Sean", "Liam", "Mason", "Logan", "Owen", "Caleb", "Isaac",
        "Dylan", "Lucas", "Elijah", "Oliver", "Theodore", "Harrison",
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
        "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle",
        "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia",
        "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen",
        "Samantha", "Katherine", "Christine", "Rachel", "Carolyn", "Janet", "Catherine", "Heather", "Diane", "Ruth",
        "Julie", "Olivia", "Joyce", "Victoria", "Kelly", "Lauren", "Christina", "Joan", "Evelyn", "Judith",
        "Megan", "Andrea", "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa", "Ann", "Sara", "Madison",
        "Frances", "Kathryn", "Jean", "Abigail", "Sophia", "Grace", "Ava", "Mia", "Isabella", "Harper",
        "Ella", "Avery", "Scarlett", "Zoë",

        // Spanish and Latin American
        "José", "María", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Alejandro", "Francisco", "Javier",
        "Andrés", "Ramón", "Sofía", "Lucía", "Valentina", "Camila", "Inés", "Raúl", "Ángel", "Jimena",
        "Mónica", "Verónica", "Martín", "Tomás", "Adrián", "Guadalupe", "Rocío", "Begoña", "Iñaki", "Álvaro",
        "Héctor", "Óscar", "Nicolás", "Sebastián", "Joaquín", "Dolores", "Concepción", "Maite", "Beatriz", "Ximena",

        // French
        "François", "Hélène", "Chloé", "Zoé", "Théo", "Noémie", "Léa", "Élise", "Céline", "Aurélie",
        "Jérôme", "Stéphane", "Benoît", "Gaëlle", "Loïc", "Anaïs", "Clément", "Margaux", "Étienne", "Amélie",
        "Hugo", "Camille",

        // German, Dutch and Nordic
        "Jürgen", "Jörg", "Günter", "Björn", "Søren", "Åsa", "Øystein", "Mikkel", "Ingrid", "Lars",
        "Sven", "Annika", "Käthe", "Uwe", "Jens", "Ole", "Freja", "Linnéa", "Mats", "Sigrún",
        "Daan", "Sanne", "Maarten",

        // Central and Eastern European
        "Łukasz", "Małgorzata", "Wojciech", "Agnieszka", "Krzysztof", "Zuzanna", "Tomáš", "Jiří", "Petra", "Ivana",
        "Dragan", "Milica", "Aleksandr", "Dmitri", "Natalia", "Olga", "Yulia", "Katarzyna", "Paweł", "Zoltán",
        "Réka", "Ágnes", "Nikola", "Marko", "Jana", "Ivan",

        // Portuguese and Italian
        "João", "Conceição", "Gonçalo", "Luca", "Giulia", "Francesca", "Matteo", "Lorenzo", "Chiara", "Giorgio",
        "Niccolò", "Beatrice",

        // Turkish
        "Gökhan", "Şule", "Çağla", "Mehmet", "Ayşe", "Emre", "Elif", "Burak",

        // Irish
        "Siobhán", "Seán", "Niamh", "Aoife", "Ciarán", "Saoirse", "Róisín", "Pádraig",

        // South Asian
        "Priya", "Arjun", "Ananya", "Rohan", "Aditya", "Kavya", "Vikram", "Deepika", "Rahul", "Sanjay",
        "Lakshmi", "Aarav", "Neha", "Sunita",

        // East and Southeast Asian
        "Wei", "Jing", "Xiaoming", "Mei", "Hao", "Yan", "Lei", "Ying", "Jun", "Xin",
        "Yuki", "Haruto", "Sakura", "Kenji", "Aiko", "Hiroshi", "Yui", "Takumi",
        "Ji-ho", "Seo-yeon", "Min-jun", "Ha-eun", "Jae-won", "Soo-jin",
        "Minh", "Linh", "Anh", "Trang", "Đức",

        // Arabic
        "Mohammed", "Ahmed", "Fatima", "Aïsha", "Omar", "Layla", "Youssef", "Yasmin", "Khalid", "Nour",
        "Hassan", "Zainab", "Karim", "Samir", "Rania",

        // African
        "Chiamaka", "Oluwaseun", "Kwame", "Ama", "Chinedu", "Ngozi", "Thabo", "Amara", "Kofi", "Adaeze",
        "Tendai", "Zanele",

        // Hebrew
        "Noa", "Yael", "Avi", "Eitan", "Tamar",
    ];

    /// <summary>Gets last names from many languages, accents, apostrophes, hyphens and particles as written.</summary>
    public static readonly string[] LastNames =
    [
        // English, Scottish and Irish
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
        "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams",
        "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
        "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper",
        "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson",
        "Brooks", "Bennett", "Gray", "James", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross",
        "Foster", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Hamilton", "Graham", "Wallace",
        "Cole", "West", "Jordan", "Reynolds", "Ellis", "Marshall", "Hayes", "Gibson", "Hunt", "Palmer",
        "Black", "Stone", "Hawkins", "Dunn", "Lawrence", "Spencer", "Fox", "Warren", "Mills", "Knight",
        "O'Brien", "O'Connor", "O'Neill", "McCarthy", "McDonald", "MacLeod", "Fitzgerald", "Gallagher", "Doherty", "Byrne",

        // Spanish and Latin American
        "García", "Martínez", "Rodríguez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
        "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutiérrez", "Chávez",
        "Ramos", "Ruiz", "Jiménez", "Álvarez", "Castillo", "Vásquez", "Romero", "Herrera", "Medina", "Aguilar",
        "Vargas", "Castro", "Fernández", "Muñoz", "Domínguez", "Núñez", "Ibáñez", "Peña", "Méndez", "Guzmán",
        "De la Cruz", "De León",

        // Portuguese
        "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida", "Gonçalves", "Araújo",
        "Carvalho", "Ribeiro", "da Silva",

        // French and Québécois
        "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Leroy", "Roux", "Fournier",
        "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Chevalier", "Mercier", "Côté", "Gagnon",
        "Bouchard", "Tremblay", "Pelletier", "Lévesque", "Bélanger",

        // German and Dutch
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Braun", "Krüger", "Hartmann", "Weiß", "Köhler", "Jäger", "Groß", "Vogel",
        "van der Berg", "de Vries", "Jansen", "de Jong", "van Dijk", "Bakker", "Visser",

        // Nordic
        "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen", "Johansson", "Andersson", "Karlsson",
        "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Lindström", "Åberg", "Strøm", "Håkansson",
        "Sigurðsson",

        // Central and Eastern European
        "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dvořák",
        "Novák", "Svoboda", "Černý", "Procházka", "Horváth", "Nagy", "Tóth", "Szabó", "Kovács", "Ivanov",
        "Petrov", "Smirnov", "Popov", "Volkov", "Kuznetsov", "Sokolov", "Kovačević", "Petrović", "Jovanović", "Popescu",
        "Ionescu", "Popa",

        // Italian and Greek
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
        "Bruno", "Gallo", "Conti", "De Luca", "Papadopoulos", "Georgiou", "Nikolaidis",

        // Turkish
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın",

        // East and Southeast Asian
        "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Kim", "Park",
        "Choi", "Jung", "Kang", "Cho", "Yoon", "Wang", "Li", "Zhang", "Liu", "Chen",
        "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Lin", "Sato",
        "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",

        // South Asian
        "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Shah", "Mehta", "Iyer", "Reddy", "Nair",
        "Das", "Khan",

        // Arabic and African
        "Hassan", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Abdullah", "El-Amin", "Okafor", "Adeyemi",
        "Okonkwo", "Mensah", "Boateng", "Osei", "Nkosi", "Dlamini", "Mwangi", "Ochieng", "Diallo", "Traoré",
        "Koné",

        // Hebrew
        "Cohen", "Levi", "Friedman", "Katz", "Goldberg", "Ben-David",
    ];

    /// <summary>Gets the short forms and nicknames people use for some first names.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ShortForms = new Dictionary<string, string[]>(System.StringComparer.Ordinal)
    {
        ["William"] = ["Will", "Bill", "Liam"], ["Robert"] = ["Rob", "Bob", "Bobby"], ["Richard"] = ["Rick", "Rich"],
        ["James"] = ["Jim", "Jimmy", "Jamie"], ["John"] = ["Johnny", "Jack"], ["Michael"] = ["Mike", "Mikey"],
        ["David"] = ["Dave"], ["Joseph"] = ["Joe", "Joey"], ["Thomas"] = ["Tom", "Tommy"], ["Charles"] = ["Charlie", "Chuck"],
        ["Christopher"] = ["Chris"], ["Daniel"] = ["Dan", "Danny"], ["Matthew"] = ["Matt"], ["Anthony"] = ["Tony"],
        ["Steven"] = ["Steve"], ["Andrew"] = ["Andy", "Drew"], ["Joshua"] = ["Josh"], ["Kenneth"] = ["Ken", "Kenny"],
        ["Timothy"] = ["Tim"], ["Ronald"] = ["Ron"], ["Edward"] = ["Ed", "Eddie", "Ted"], ["Jeffrey"] = ["Jeff"],
        ["Nicholas"] = ["Nick", "Nico"], ["Jonathan"] = ["Jon", "Jonny"], ["Stephen"] = ["Steve"], ["Benjamin"] = ["Ben", "Benji"],
        ["Samuel"] = ["Sam"], ["Gregory"] = ["Greg"], ["Alexander"] = ["Alex", "Xander"], ["Patrick"] = ["Pat", "Paddy"],
        ["Raymond"] = ["Ray"], ["Zachary"] = ["Zach"], ["Theodore"] = ["Theo", "Ted"], ["Elizabeth"] = ["Liz", "Beth", "Lizzie"],
        ["Patricia"] = ["Pat", "Trish"], ["Jennifer"] = ["Jen", "Jenny"], ["Margaret"] = ["Maggie", "Peggy"],
        ["Susan"] = ["Sue", "Suzy"], ["Jessica"] = ["Jess"], ["Kimberly"] = ["Kim"], ["Deborah"] = ["Debbie", "Deb"],
        ["Stephanie"] = ["Steph"], ["Rebecca"] = ["Becky", "Becca"], ["Cynthia"] = ["Cindy"], ["Kathleen"] = ["Kathy"],
        ["Pamela"] = ["Pam"], ["Samantha"] = ["Sam", "Sammy"], ["Katherine"] = ["Kate", "Katie"], ["Christine"] = ["Chris", "Tina"],
        ["Catherine"] = ["Cathy", "Cat"], ["Victoria"] = ["Vicky", "Tori"], ["Christina"] = ["Tina"], ["Judith"] = ["Judy"],
        ["Jacqueline"] = ["Jackie"], ["Abigail"] = ["Abby"], ["Dorothy"] = ["Dot", "Dottie"], ["Frances"] = ["Fran"],
        ["Kathryn"] = ["Kate"], ["Isabella"] = ["Bella", "Izzy"], ["Madison"] = ["Maddie"], ["Olivia"] = ["Liv"],
        ["José"] = ["Pepe"], ["Francisco"] = ["Paco", "Pancho"], ["Guadalupe"] = ["Lupe"], ["Alejandro"] = ["Alex", "Ale"],
        ["Jesús"] = ["Chuy"], ["Concepción"] = ["Concha"], ["Dolores"] = ["Lola"], ["Sebastián"] = ["Seba"],
        ["Nicolás"] = ["Nico"], ["Małgorzata"] = ["Gosia"], ["Wojciech"] = ["Wojtek"], ["Aleksandr"] = ["Sasha"],
        ["Dmitri"] = ["Dima"], ["Natalia"] = ["Natasha"], ["Katarzyna"] = ["Kasia"], ["Mohammed"] = ["Mo"],
        ["Oluwaseun"] = ["Seun"], ["Chiamaka"] = ["Amaka"], ["Valentina"] = ["Vale"], ["Francesca"] = ["Franci"],
    };

    /// <summary>One city: its main spelling, other spellings people type, its area codes and its relative size.</summary>
    internal sealed record City(string Name, string[] Aliases, int[] AreaCodes, double Weight);

    /// <summary>Gets North American cities (all in the +1 numbering plan), weighted roughly by population.</summary>
    public static readonly City[] Cities =
    [
        new("New York", ["NYC", "New York City"], [212, 718, 917, 347, 646], 8.3),
        new("Los Angeles", ["LA", "L.A."], [213, 310, 323, 818], 3.9),
        new("Chicago", [], [312, 773, 872], 2.7),
        new("Houston", [], [713, 281, 832], 2.3),
        new("Phoenix", [], [602, 480, 623], 1.6),
        new("Philadelphia", ["Philly"], [215, 267], 1.6),
        new("San Antonio", [], [210], 1.4),
        new("San Diego", [], [619, 858], 1.4),
        new("Dallas", [], [214, 469, 972], 1.3),
        new("San José", ["San Jose"], [408, 669], 1.0),
        new("Austin", [], [512, 737], 1.0),
        new("Jacksonville", [], [904], 0.95),
        new("Fort Worth", ["Ft. Worth"], [817, 682], 0.9),
        new("Columbus", [], [614], 0.9),
        new("Charlotte", [], [704, 980], 0.9),
        new("Indianapolis", ["Indy"], [317], 0.88),
        new("San Francisco", ["SF", "San Fran"], [415, 628], 0.87),
        new("Seattle", [], [206], 0.75),
        new("Denver", [], [303, 720], 0.72),
        new("Washington, D.C.", ["Washington DC", "Washington"], [202], 0.69),
        new("Boston", [], [617, 857], 0.68),
        new("Nashville", [], [615, 629], 0.69),
        new("Detroit", [], [313], 0.63),
        new("Portland", [], [503, 971], 0.65),
        new("Las Vegas", ["Vegas"], [702, 725], 0.65),
        new("Memphis", [], [901], 0.63),
        new("Louisville", [], [502], 0.62),
        new("Baltimore", [], [410, 443], 0.58),
        new("Milwaukee", [], [414], 0.57),
        new("Albuquerque", [], [505], 0.56),
        new("Tucson", [], [520], 0.54),
        new("Fresno", [], [559], 0.54),
        new("Sacramento", [], [916], 0.52),
        new("Atlanta", ["ATL"], [404, 470, 678], 0.5),
        new("Miami", [], [305, 786], 0.45),
        new("Minneapolis", [], [612], 0.43),
        new("New Orleans", ["NOLA"], [504], 0.38),
        new("Cleveland", [], [216], 0.37),
        new("Tampa", [], [813], 0.4),
        new("Honolulu", [], [808], 0.35),
        new("Anchorage", [], [907], 0.29),
        new("Pittsburgh", [], [412], 0.3),
        new("St. Louis", ["Saint Louis", "St Louis"], [314], 0.3),
        new("Salt Lake City", ["SLC"], [801, 385], 0.2),
        new("Toronto", [], [416, 647, 437], 2.8),
        new("Montréal", ["Montreal"], [514, 438], 1.8),
        new("Vancouver", [], [604, 778], 0.68),
        new("Calgary", [], [403, 587], 1.3),
        new("Ottawa", [], [613, 343], 1.0),
        new("Edmonton", [], [780, 587], 1.0),
        new("Québec City", ["Quebec City", "Québec", "Quebec"], [418, 581], 0.55),
        new("Winnipeg", [], [204, 431], 0.75),
        new("Halifax", [], [902, 782], 0.44),
    ];

    /// <summary>Gets personal e-mail providers and their relative shares.</summary>
    public static readonly (string Domain, double Weight)[] EmailProviders =
    [
        ("gmail.com", 40), ("yahoo.com", 10), ("outlook.com", 9), ("hotmail.com", 8), ("icloud.com", 8),
        ("aol.com", 3), ("proton.me", 3), ("protonmail.com", 1), ("gmx.com", 2), ("mail.com", 2),
        ("comcast.net", 3), ("live.com", 2), ("msn.com", 1), ("yahoo.ca", 2), ("shaw.ca", 1),
        ("rogers.com", 1), ("fastmail.com", 1), ("zoho.com", 1),
    ];

    /// <summary>Gets fictitious employers whose domains appear as the occasional completely different (work) address.</summary>
    public static readonly string[] WorkDomains =
    [
        "contoso.com", "fabrikam.com", "northwindtraders.com", "adventure-works.com", "tailspintoys.com",
        "wingtiptoys.com", "woodgrovebank.com", "litwareinc.com", "proseware.com", "lucernepublishing.com",
    ];

    /// <summary>Gets the words of the occasional unrelated personal address (a hobby handle).</summary>
    public static readonly string[] HandleWords =
    [
        "sunny", "blue", "wild", "happy", "lucky", "cosmic", "urban", "quiet", "rapid", "golden", "silver", "little",
        "fox", "panda", "tiger", "owl", "wolf", "river", "maple", "cedar", "pixel", "rocket", "comet", "ninja",
    ];

    /// <summary>Gets the tags people add to e-mail addresses (<c>local+tag@domain</c>).</summary>
    public static readonly string[] EmailTags = ["shop", "news", "social", "promo", "spam", "signup", "2026", "deals", "lists"];
}
