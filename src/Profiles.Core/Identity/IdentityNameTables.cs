// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Profiles.Core;

/// <summary>
/// Provides the default normalisation tables of <see cref="FellegiSunterResolver"/>: the short forms and nicknames of
/// common first names (English, Spanish, German and some others) and the common aliases of cities.
/// </summary>
/// <remarks>
/// <para>
/// These are the defaults of <see cref="IdentityResolverOptions.FirstNameVariants"/> and
/// <see cref="IdentityResolverOptions.CityAliases"/>; copy them, add your own entries and set the options to extend
/// them. Entries are folded like names (accents, case, punctuation) when a resolver is created, so <c>José</c> and
/// <c>jose</c> are the same key.
/// </para>
/// <para>The tables are read-only and thread-safe.</para>
/// </remarks>
public static class IdentityNameTables
{
    /// <summary>Gets the short forms and nicknames of common first names, keyed by the full given name.</summary>
    /// <value>
    /// For example <c>William</c>: <c>Will</c>, <c>Bill</c>, <c>Billy</c>, <c>Liam</c>. A short form may belong to
    /// several given names (<c>Chris</c> to Christopher, Christine, Christina and Christian): it then agrees with each.
    /// </value>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> FirstNameVariants { get; } = Build(
    [
        // English, men
        ("William", ["Will", "Bill", "Billy", "Willy", "Liam"]), ("Robert", ["Rob", "Bob", "Bobby", "Robbie", "Bert"]),
        ("Richard", ["Rick", "Rich", "Ricky", "Richie", "Dick"]), ("James", ["Jim", "Jimmy", "Jamie"]),
        ("John", ["Johnny", "Jack", "Jon"]), ("Michael", ["Mike", "Mikey", "Mick", "Mickey", "Michi"]),
        ("David", ["Dave", "Davey"]), ("Joseph", ["Joe", "Joey"]), ("Thomas", ["Tom", "Tommy", "Tommi"]),
        ("Charles", ["Charlie", "Chuck", "Chas"]), ("Christopher", ["Chris", "Kit", "Topher"]), ("Daniel", ["Dan", "Danny", "Dani"]),
        ("Matthew", ["Matt", "Matty"]), ("Anthony", ["Tony"]), ("Steven", ["Steve", "Stevie"]), ("Stephen", ["Steve", "Stevie"]),
        ("Andrew", ["Andy", "Drew"]), ("Joshua", ["Josh"]), ("Kenneth", ["Ken", "Kenny"]), ("Timothy", ["Tim", "Timmy"]),
        ("Ronald", ["Ron", "Ronnie"]), ("Edward", ["Ed", "Eddie", "Ted", "Ned"]), ("Jeffrey", ["Jeff"]), ("Geoffrey", ["Geoff", "Jeff"]),
        ("Nicholas", ["Nick", "Nicky", "Nico"]), ("Jonathan", ["Jon", "Jonny"]), ("Benjamin", ["Ben", "Benny", "Benji", "Benni"]),
        ("Samuel", ["Sam", "Sammy"]), ("Gregory", ["Greg"]), ("Alexander", ["Alex", "Alec", "Xander", "Sandy", "Sascha", "Sasha"]),
        ("Patrick", ["Pat", "Paddy"]), ("Raymond", ["Ray"]), ("Zachary", ["Zach", "Zack"]), ("Theodore", ["Theo", "Ted", "Teddy"]),
        ("Donald", ["Don", "Donnie"]), ("Lawrence", ["Larry"]), ("Gerald", ["Gerry", "Jerry"]), ("Frederick", ["Fred", "Freddie"]),
        ("Albert", ["Al", "Bert"]), ("Henry", ["Hank", "Harry"]), ("Harold", ["Harry", "Hal"]), ("Leonard", ["Leo", "Len", "Lenny"]),
        ("Peter", ["Pete"]), ("Philip", ["Phil"]), ("Phillip", ["Phil"]), ("Douglas", ["Doug"]), ("Eugene", ["Gene"]),
        ("Vincent", ["Vince"]), ("Nathan", ["Nate", "Nat"]), ("Nathaniel", ["Nate", "Nat"]), ("Jacob", ["Jake"]),
        ("Francis", ["Frank", "Fran"]), ("Walter", ["Walt", "Wally"]), ("Maximilian", ["Max"]), ("Dominic", ["Dom"]),
        ("Louis", ["Lou"]), ("Randall", ["Randy"]), ("Mitchell", ["Mitch"]), ("Oliver", ["Ollie"]), ("Elijah", ["Eli"]),
        ("Abraham", ["Abe"]), ("Christian", ["Chris"]), ("Sebastian", ["Seb", "Basti"]),

        // English, women
        ("Elizabeth", ["Liz", "Beth", "Lizzie", "Betty", "Eliza", "Libby", "Betsy"]), ("Patricia", ["Pat", "Patty", "Trish", "Tricia"]),
        ("Jennifer", ["Jen", "Jenny"]), ("Margaret", ["Maggie", "Peggy", "Meg", "Marge"]), ("Susan", ["Sue", "Suzy", "Susie"]),
        ("Jessica", ["Jess", "Jessie"]), ("Kimberly", ["Kim"]), ("Deborah", ["Debbie", "Deb"]), ("Stephanie", ["Steph"]),
        ("Rebecca", ["Becky", "Becca"]), ("Cynthia", ["Cindy"]), ("Kathleen", ["Kathy", "Kath"]), ("Pamela", ["Pam"]),
        ("Samantha", ["Sam", "Sammy"]), ("Katherine", ["Kate", "Katie", "Kathy", "Kat"]), ("Catherine", ["Cathy", "Cat", "Kate", "Katie"]),
        ("Kathryn", ["Kate", "Katie", "Kathy"]), ("Christine", ["Chris", "Tina", "Chrissy"]), ("Christina", ["Chris", "Tina", "Chrissy"]),
        ("Victoria", ["Vicky", "Tori", "Vic"]), ("Judith", ["Judy"]), ("Jacqueline", ["Jackie"]), ("Abigail", ["Abby", "Abbie"]),
        ("Dorothy", ["Dot", "Dottie", "Dolly"]), ("Frances", ["Fran", "Frankie"]), ("Isabella", ["Bella", "Izzy"]),
        ("Madison", ["Maddie"]), ("Olivia", ["Liv", "Livvy"]), ("Alexandra", ["Alex", "Lexi", "Sandy", "Sasha"]),
        ("Barbara", ["Barb", "Babs", "Babsi"]), ("Sandra", ["Sandy"]), ("Amanda", ["Mandy"]), ("Melissa", ["Mel", "Missy"]),
        ("Angela", ["Angie"]), ("Teresa", ["Terry", "Tess", "Tere"]), ("Theresa", ["Terry", "Tess"]), ("Evelyn", ["Evie"]),
        ("Josephine", ["Jo", "Josie"]), ("Eleanor", ["Ellie", "Nora"]), ("Natalie", ["Nat"]), ("Nicole", ["Nikki"]),
        ("Valerie", ["Val"]), ("Virginia", ["Ginny"]), ("Gabrielle", ["Gabby"]), ("Caroline", ["Carrie"]), ("Carolyn", ["Carrie"]),

        // Spanish and Portuguese
        ("José", ["Pepe", "Chepe"]), ("Francisco", ["Paco", "Pancho", "Curro", "Fran"]), ("Guadalupe", ["Lupe", "Lupita"]),
        ("Alejandro", ["Alex", "Ale", "Jandro"]), ("Alejandra", ["Ale", "Alex"]), ("Jesús", ["Chuy", "Chucho"]),
        ("Concepción", ["Concha", "Conchita"]), ("Dolores", ["Lola", "Loles"]), ("Sebastián", ["Seba"]), ("Nicolás", ["Nico"]),
        ("Ignacio", ["Nacho"]), ("Manuel", ["Manolo", "Manu"]), ("Enrique", ["Quique"]), ("Rafael", ["Rafa"]),
        ("Fernando", ["Nando", "Fer"]), ("Eduardo", ["Lalo", "Edu"]), ("Alberto", ["Beto"]), ("Roberto", ["Beto"]),
        ("Guillermo", ["Memo", "Guille"]), ("Antonio", ["Toño", "Tony"]), ("Mercedes", ["Meche"]), ("Rosario", ["Charo"]),
        ("Valentina", ["Vale"]), ("Isabel", ["Isa", "Chabela"]), ("Pilar", ["Pili"]), ("Javier", ["Javi"]), ("Santiago", ["Santi"]),
        ("Beatriz", ["Bea"]), ("Cristina", ["Cris", "Tina"]), ("Gonzalo", ["Gonza"]),

        // German
        ("Johannes", ["Hans", "Jo"]), ("Johann", ["Hans"]), ("Friedrich", ["Fritz"]), ("Wilhelm", ["Willi", "Willy"]),
        ("Heinrich", ["Heinz", "Heini"]), ("Elisabeth", ["Lisa", "Liesel", "Sisi"]), ("Katharina", ["Kathi", "Katja"]),
        ("Margarete", ["Grete", "Gretel"]), ("Andreas", ["Andi"]), ("Bernhard", ["Bernd"]), ("Susanne", ["Susi"]),
        ("Tobias", ["Tobi"]), ("Florian", ["Flo"]), ("Magdalena", ["Lena", "Leni"]), ("Christoph", ["Chris"]),
        ("Joachim", ["Jochen", "Achim"]), ("Nikolaus", ["Klaus", "Niko"]), ("Ludwig", ["Lutz"]), ("Gerhard", ["Gerd"]),
        ("Rudolf", ["Rudi"]), ("Matthias", ["Matze", "Hias"]),

        // Italian, Slavic, Arabic and West African
        ("Francesca", ["Franci", "Fran"]), ("Giuseppe", ["Beppe", "Peppe"]), ("Aleksandr", ["Sasha", "Sascha"]),
        ("Dmitri", ["Dima"]), ("Natalia", ["Natasha"]), ("Katarzyna", ["Kasia"]), ("Małgorzata", ["Gosia"]),
        ("Wojciech", ["Wojtek"]), ("Mohammed", ["Mo"]), ("Muhammad", ["Mo"]), ("Oluwaseun", ["Seun"]), ("Chiamaka", ["Amaka"]),
    ]);

    /// <summary>Gets common city aliases, keyed by the alias, with the city's usual name as the value.</summary>
    /// <value>
    /// For example <c>NYC</c> and <c>New York City</c> for New York, <c>Philly</c> for Philadelphia, <c>München</c>,
    /// <c>Muenchen</c> and <c>Munich</c> for one city. The abbreviations <c>St.</c>, <c>Ste.</c>, <c>Ft.</c> and
    /// <c>Mt.</c> at the start of a city's name are expanded by the resolver itself and need no entry.
    /// </value>
    public static IReadOnlyDictionary<string, string> CityAliases { get; } = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
    {
        ["NYC"] = "New York", ["New York City"] = "New York", ["NY City"] = "New York", ["Manhattan"] = "New York",
        ["LA"] = "Los Angeles", ["L.A."] = "Los Angeles", ["Philly"] = "Philadelphia", ["Indy"] = "Indianapolis",
        ["SF"] = "San Francisco", ["San Fran"] = "San Francisco", ["DC"] = "Washington DC",
        ["D.C."] = "Washington DC", ["Washington"] = "Washington DC", ["Washington D.C."] = "Washington DC",
        ["Vegas"] = "Las Vegas", ["ATL"] = "Atlanta", ["NOLA"] = "New Orleans", ["SLC"] = "Salt Lake City",
        ["KC"] = "Kansas City", ["OKC"] = "Oklahoma City", ["PHX"] = "Phoenix", ["Nashvegas"] = "Nashville", ["Motown"] = "Detroit",
        ["Chi-Town"] = "Chicago", ["Chitown"] = "Chicago", ["Big Apple"] = "New York", ["Beantown"] = "Boston",
        ["MTL"] = "Montréal", ["Quebec"] = "Québec City", ["Québec"] = "Québec City", ["T.O."] = "Toronto", ["Van City"] = "Vancouver",
        ["CDMX"] = "Mexico City", ["Ciudad de México"] = "Mexico City", ["México DF"] = "Mexico City", ["DF"] = "Mexico City",
        ["Munich"] = "München", ["Muenchen"] = "München", ["Cologne"] = "Köln", ["Koeln"] = "Köln",
        ["Nuremberg"] = "Nürnberg", ["Nuernberg"] = "Nürnberg", ["Vienna"] = "Wien", ["Zurich"] = "Zürich", ["Zuerich"] = "Zürich",
        ["Duesseldorf"] = "Düsseldorf", ["Frankfurt am Main"] = "Frankfurt", ["Frankfurt a.M."] = "Frankfurt",
        ["Seville"] = "Sevilla", ["Saragossa"] = "Zaragoza", ["Majorca"] = "Mallorca",
    });

    private static ReadOnlyDictionary<string, IReadOnlyList<string>> Build((string Name, string[] Variants)[] entries)
    {
        var table = new Dictionary<string, IReadOnlyList<string>>(entries.Length, System.StringComparer.Ordinal);
        foreach ((string name, string[] variants) in entries)
        {
            table.Add(name, new ReadOnlyCollection<string>(variants));
        }

        return new ReadOnlyDictionary<string, IReadOnlyList<string>>(table);
    }
}
