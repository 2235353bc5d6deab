// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class FellegiSunterResolverTests
{
    private const string Salt = "test-salt";

    private static FellegiSunterResolver Resolver(Action<IdentityResolverOptions>? configure = null)
    {
        var options = new IdentityResolverOptions { Salt = Salt };
        configure?.Invoke(options);
        return new FellegiSunterResolver(options);
    }

    [Fact]
    public async Task ResolveAsync_EmailVariants_LinkDeterministicallyWithEvidence()
    {
        AccountRecord[] accounts =
        [
            new("shop", "s1") { Email = "John.Smith@gmail.com", DisplayName = "John Smith" },
            new("social", "x9") { Email = " johnsmith+fun@GOOGLEMAIL.com ", DisplayName = "Smith, John" },
            new("news", "n4") { Email = "someone.else@example.org", DisplayName = "Ana Lopez" },
        ];

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);

        Assert.Equal(2, graph.PersonCount);
        Assert.Equal(new PersonId(0), graph.PersonOf("shop", "s1"));
        Assert.Equal(new PersonId(0), graph.PersonOf("social", "x9"));
        Assert.Equal(new PersonId(1), graph.PersonOf("news", "n4"));
        IdentityLink link = Assert.Single(graph.Explain(new PersonId(0)));
        Assert.Equal(LinkRule.Deterministic, link.Rule);
        Assert.Equal(new AccountKey("shop", "s1"), link.First);
        Assert.Equal(new AccountKey("social", "x9"), link.Second);
        Assert.Contains(new FieldEvidence(MatchField.Email, FieldComparison.Exact, graph.Model.Weight(MatchField.Email, FieldComparison.Exact)), link.Evidence);
        Assert.Equal(FieldComparison.Exact, link.Evidence.Single(e => e.Field == MatchField.FirstName).Level);
        Assert.Equal(FieldComparison.Missing, link.Evidence.Single(e => e.Field == MatchField.Phone).Level);
        Assert.Equal(1, graph.Report.DeterministicLinks);
    }

    [Theory]
    [InlineData("J. Smith", "John Smith", FieldComparison.Similar, FieldComparison.Exact)]
    [InlineData("M. Price", "M. Price", FieldComparison.Similar, FieldComparison.Exact)]
    [InlineData("K. Price", "M. Price", FieldComparison.Disagree, FieldComparison.Exact)]
    [InlineData("John S.", "John Smith", FieldComparison.Exact, FieldComparison.Similar)]
    [InlineData("Jonh Smith", "John Smith", FieldComparison.Similar, FieldComparison.Exact)] // Jaro-Winkler 0.933
    [InlineData("Jon Smith", "John Smith", FieldComparison.VerySimilar, FieldComparison.Exact)] // a short form of John (spelling alone: 0.933, similar)
    [InlineData("Bill Smith", "William Smith", FieldComparison.VerySimilar, FieldComparison.Exact)] // a short form
    [InlineData("Liz Smith", "Beth Smith", FieldComparison.VerySimilar, FieldComparison.Exact)] // two short forms of Elizabeth
    [InlineData("Pepe Núñez", "José Nunez", FieldComparison.VerySimilar, FieldComparison.Exact)]
    [InlineData("Steven Smith", "Stephen Smith", FieldComparison.Similar, FieldComparison.Exact)] // by spelling (0.894): sharing the short form Steve does not make them one name
    [InlineData("B. Smith", "William Smith", FieldComparison.Disagree, FieldComparison.Exact)] // an initial is read as written
    [InlineData("Christophr Smith", "Christopher Smith", FieldComparison.VerySimilar, FieldComparison.Exact)] // 0.982
    [InlineData("Müller, Jörg", "Jorg Mueller", FieldComparison.Exact, FieldComparison.Similar)] // 0.918
    [InlineData("Smith", "John Smith", FieldComparison.Disagree, FieldComparison.Missing)]
    public async Task ResolveAsync_NameForms_CompareAtTheExpectedLevels(string first, string second, FieldComparison firstName, FieldComparison lastName)
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = "same@example.org", DisplayName = first },
            new("social", "b") { Email = "same@example.org", DisplayName = second },
        ];

        IdentityLink link = Assert.Single((await Resolver().ResolveAsync(accounts)).Explain(new PersonId(0)));

        Assert.Equal(firstName, link.Evidence[(int)MatchField.FirstName].Level);
        Assert.Equal(lastName, link.Evidence[(int)MatchField.LastName].Level);
    }

    [Fact]
    public async Task ResolveAsync_EmptyFirstNameVariants_ComparesBySpellingOnly()
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = "same@example.org", DisplayName = "Bill Smith" },
            new("social", "b") { Email = "same@example.org", DisplayName = "William Smith" },
        ];

        IdentityGraph graph = await Resolver(o => o.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>>()).ResolveAsync(accounts);

        Assert.Equal(FieldComparison.Disagree, Assert.Single(graph.Explain(new PersonId(0))).Evidence[(int)MatchField.FirstName].Level);
    }

    [Theory]
    [InlineData("NYC", "New York", FieldComparison.Exact, FieldComparison.Disagree)]
    [InlineData("new york city", "New York", FieldComparison.Exact, FieldComparison.Similar)] // by spelling: 0.923
    [InlineData("St. Louis", "Saint Louis", FieldComparison.Exact, FieldComparison.Exact)] // expanded, not an alias
    [InlineData("Ft. Worth", "Fort Worth", FieldComparison.Exact, FieldComparison.Exact)]
    [InlineData("Munich", "Muenchen", FieldComparison.Exact, FieldComparison.Disagree)] // two aliases of München
    [InlineData("Philly", "Pittsburgh", FieldComparison.Disagree, FieldComparison.Disagree)]
    public async Task ResolveAsync_CityAliases_CompareAsTheCity(string first, string second, FieldComparison expected, FieldComparison bySpelling)
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = "same@example.org", City = first },
            new("social", "b") { Email = "same@example.org", City = second },
        ];

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);
        IdentityGraph spelling = await Resolver(o => o.CityAliases = new Dictionary<string, string>()).ResolveAsync(accounts);

        Assert.Equal(expected, Assert.Single(graph.Explain(new PersonId(0))).Evidence[(int)MatchField.City].Level);
        Assert.Equal(bySpelling, Assert.Single(spelling.Explain(new PersonId(0))).Evidence[(int)MatchField.City].Level);
    }

    [Theory]
    [InlineData("Maria.Garcia84@example.com", "María García")]
    [InlineData("garcia_maria@example.com", "Maria Garcia")] // last and first
    [InlineData("mgarcia1990@example.com", "María García")] // initial and last
    [InlineData("mariag@example.com", "María García")] // first and initial
    [InlineData("mariadelacruz@example.com", "María de la Cruz")] // the whole surname
    [InlineData("william.smith@example.com", "Bill Smith")] // the full name a short form stands for
    public async Task ResolveAsync_EmailNameOfAnAccountWithoutName_MatchesTheOtherName(string email, string name)
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = email, BirthYear = 1984 },
            new("social", "b") { DisplayName = name, BirthYear = 1984 },
        ];

        IdentityGraph graph = await Resolver(o => { o.BlockingKeys = BlockingKeys.EmailName; o.MatchThreshold = -100; }).ResolveAsync(accounts);

        IdentityLink link = Assert.Single(graph.Explain(new PersonId(0)));
        Assert.Equal(new FieldEvidence(MatchField.EmailName, FieldComparison.Exact, graph.Model.Weight(MatchField.EmailName, FieldComparison.Exact)), link.Evidence[(int)MatchField.EmailName]);
        Assert.Equal(1, graph.Report.PairsScored);
    }

    [Theory]
    [InlineData("sunnyfox12@example.com", "Maria Garcia", FieldComparison.Disagree, 0)] // a handle spells no name
    [InlineData("bill.smith@example.com", "William Smith", FieldComparison.Disagree, 0)] // a full name is not expanded to its short forms
    [InlineData("maria.garcia@example.com", "M. Garcia", FieldComparison.Disagree, 0)] // an initial is not expanded either
    [InlineData("maria.garcia@example.com", null, FieldComparison.Missing, 1)] // two nameless accounts: blocked together, but e-mails are not compared by their letters
    public async Task ResolveAsync_EmailNameThatSpellsNoNameKey_DisagreesOrIsMissing(string email, string? name, FieldComparison expected, long pairs)
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = email, Phone = "+1 555 010 0000" },
            new("social", "b") { DisplayName = name, Email = name is null ? "mariagarcia@example.org" : null, Phone = "+1 555 010 0000" },
        ];

        IdentityGraph graph = await Resolver(o => o.BlockingKeys = BlockingKeys.EmailName).ResolveAsync(accounts);

        IdentityLink link = Assert.Single(graph.Explain(new PersonId(0)));
        Assert.Equal(LinkRule.Deterministic, link.Rule); // the shared phone links them; the e-mail name only shows its level
        Assert.Equal(expected, link.Evidence[(int)MatchField.EmailName].Level);
        Assert.Equal(pairs, graph.Report.PairsScored);
    }

    [Fact]
    public async Task ResolveAsync_EmailNameKey_BlocksOnlyPairsWithAnAccountWithoutName()
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Email = "maria.garcia84@example.com" },
            new("social", "b") { DisplayName = "Maria Garcia" },
            new("news", "c") { DisplayName = "Maria Garcia", Email = "mariagarcia@example.org" }, // c against b: both named
            new("partner", "d") { Email = "mariagarcia@example.net" }, // scored with a, but two e-mails are not compared
        ];

        IdentityGraph graph = await Resolver(o => { o.BlockingKeys = BlockingKeys.EmailName; o.MatchThreshold = 1000; }).ResolveAsync(accounts);
        IdentityGraph off = await Resolver(o => { o.BlockingKeys = BlockingKeys.EmailName; o.CompareEmailNames = false; }).ResolveAsync(accounts);

        Assert.Equal(5, graph.Report.PairsScored); // a-b, a-c, b-d, c-d and a-d share the key; b-c are both named
        Assert.Equal(0, off.Report.PairsScored);
    }

    [Fact]
    public async Task ResolveAsync_PhoneFormatsAndDeviceCase_LinkDeterministically()
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { Phone = "+44 (0) 20 7946 0958" },
            new("social", "b") { Phone = "0044 20 7946 0958", DeviceIds = ["ABC-123"] },
            new("news", "c") { DeviceIds = [" abc-123 "] },
            new("partner", "d") { Phone = "020 7946 0958" }, // national, default country 1: a different number
        ];

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);

        PersonId person = graph.PersonOf("shop", "a");
        Assert.Equal(person, graph.PersonOf("social", "b"));
        Assert.Equal(person, graph.PersonOf("news", "c"));
        Assert.NotEqual(person, graph.PersonOf("partner", "d"));
        Assert.Equal(2, graph.Report.DeterministicLinks);
    }

    [Fact]
    public async Task ResolveAsync_OverSharedKeys_AreCappedRecordedAndLinkNothing()
    {
        var accounts = new List<AccountRecord>();
        for (int i = 0; i < 10; i++)
        {
            accounts.Add(new AccountRecord("shop", "u" + i)
            {
                Email = i % 2 == 0 ? "test@test.com" : "TEST@test.com",
                DeviceIds = ["family-tablet"],
                Phone = "+1 555 000 0000",
                DisplayName = "Person" + (char)('A' + i) + " Surname" + (char)('K' + i),
            });
        }

        accounts.Add(new AccountRecord("news", "solo") { Email = "solo@example.org" });
        IdentityGraph graph = await Resolver(o => o.MaxKeyGroupSize = 9).ResolveAsync(accounts);

        Assert.Equal(11, graph.PersonCount);
        Assert.Equal(0, graph.LinkCount);
        Assert.Equal(1, graph.Report.CappedEmailKeys);
        Assert.Equal(1, graph.Report.CappedPhoneKeys);
        Assert.Equal(1, graph.Report.CappedDeviceKeys);
        Assert.Equal(10, graph.Report.CappedKeyAccounts);
        Assert.Equal(0, graph.Report.DeterministicLinks);
    }

    [Fact]
    public async Task ResolveAsync_KeyGroupAtTheCap_StillLinks()
    {
        AccountRecord[] accounts = Enumerable.Range(0, 3)
            .Select(i => new AccountRecord("p" + i, "a") { DeviceIds = ["shared"] })
            .ToArray();

        IdentityGraph linked = await Resolver(o => o.MaxKeyGroupSize = 3).ResolveAsync(accounts);
        IdentityGraph capped = await Resolver(o => o.MaxKeyGroupSize = 2).ResolveAsync(accounts);

        Assert.Equal(1, linked.PersonCount);
        Assert.Equal(2, linked.Report.DeterministicLinks);
        Assert.Equal(3, capped.PersonCount);
        Assert.Equal(1, capped.Report.CappedDeviceKeys);
    }

    [Fact]
    public async Task ResolveAsync_SyntheticPopulation_EmConvergesWithHighMAndLowU()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(2000, seed: 11);

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);
        FellegiSunterModel model = graph.Model;

        Assert.True(model.Converged, $"EM stopped after {model.Iterations} iterations without converging");
        Assert.Equal(graph.Report.EmIterations, model.Iterations);
        Assert.True(graph.Report.EmConverged);
        Assert.InRange(model.Iterations, 2, 199);
        Assert.InRange(model.M(MatchField.Email, FieldComparison.Exact), 0.6, 1d);
        Assert.InRange(model.U(MatchField.Email, FieldComparison.Exact), 0d, 1e-3);
        Assert.InRange(model.M(MatchField.LastName, FieldComparison.Exact), 0.7, 1d);
        Assert.InRange(model.U(MatchField.LastName, FieldComparison.Exact), 0d, 0.05);
        Assert.True(model.Weight(MatchField.Email, FieldComparison.Exact) > 10d);
        Assert.True(model.Weight(MatchField.FirstName, FieldComparison.Disagree) < 0d);
        Assert.Equal(0d, model.Weight(MatchField.City, FieldComparison.Missing));
        Assert.InRange(model.MatchProportion, 0.001, 0.999);
        Assert.Equal(graph.Report.PairsScored, model.CandidatePairs);
        Assert.Equal(200_000, model.RandomPairs);
        foreach (MatchField field in FellegiSunterModel.Fields)
        {
            double m = FellegiSunterModel.LevelsOf(field).Where(l => l != FieldComparison.Missing).Sum(l => model.M(field, l));
            double u = FellegiSunterModel.LevelsOf(field).Where(l => l != FieldComparison.Missing).Sum(l => model.U(field, l));
            Assert.Equal(1d, m, 9);
            Assert.Equal(1d, u, 9);
        }
    }

    [Fact]
    public async Task ResolveAsync_SyntheticPopulation_FindsProbabilisticLinksAndScoresWell()
    {
        (List<AccountRecord> accounts, int[] truth) = IdentityTestData.Generate(2000, seed: 5);

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);
        int[] predicted = graph.Accounts.Select(a => graph.PersonOf(a.Platform, a.Account).Value).ToArray();
        (double precision, double recall) = IdentityTestData.PairwiseScores(truth, predicted);

        Assert.True(graph.Report.ProbabilisticLinks > 0);
        Assert.True(precision >= 0.98, $"precision {precision:F4}");
        Assert.True(recall >= 0.9, $"recall {recall:F4}");
        IdentityLink probabilistic = graph.Persons.SelectMany(graph.Explain).First(l => l.Rule == LinkRule.Probabilistic);
        Assert.True(probabilistic.Weight >= graph.MatchThreshold);
        Assert.Equal(probabilistic.Weight, probabilistic.Evidence.Sum(e => e.Weight), 9);
        Assert.Equal(8, probabilistic.Evidence.Count);
    }

    [Fact]
    public async Task ResolveAsync_OneAccountPerPlatform_KeepsNamesakesOnOnePlatformApart()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(1500, seed: 21);
        foreach ((string platform, string id) in new[] { ("shop", "x1"), ("shop", "x2"), ("social", "x3") })
        {
            accounts.Add(new AccountRecord(platform, id) { DisplayName = "Quentin Zabriskie", BirthYear = 1977, City = "Reykjavík" });
        }

        IdentityGraph exclusive = await Resolver().ResolveAsync(accounts);
        IdentityGraph free = await Resolver(o => o.OneAccountPerPlatform = false).ResolveAsync(accounts);

        Assert.NotEqual(exclusive.PersonOf("shop", "x1"), exclusive.PersonOf("shop", "x2"));
        Assert.Equal(exclusive.PersonOf("shop", "x1"), exclusive.PersonOf("social", "x3")); // the first of the equal links wins
        Assert.Equal(free.PersonOf("shop", "x1"), free.PersonOf("shop", "x2"));
        Assert.Equal(free.PersonOf("shop", "x1"), free.PersonOf("social", "x3"));
        IdentityLink link = Assert.Single(exclusive.Explain(exclusive.PersonOf("shop", "x1")));
        Assert.Equal(LinkRule.Probabilistic, link.Rule);
        Assert.Equal(
            [FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Missing, FieldComparison.Missing, FieldComparison.Missing, FieldComparison.Missing],
            link.Evidence.Select(e => e.Level));
        Assert.True(exclusive.PersonCount > free.PersonCount);
    }

    [Fact]
    public async Task ResolveAsync_EvidenceSpreadOverAccounts_LinksPersonsCombined()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(1500, seed: 21);
        accounts.Add(new AccountRecord("shop", "c1") { DisplayName = "Quentin Zabriskie", Email = "qz.combined@example.net" });
        accounts.Add(new AccountRecord("social", "c2") { Email = "qz.combined@example.net", BirthYear = 1977 });
        accounts.Add(new AccountRecord("news", "c3") { DisplayName = "Quentin Zabriskie", BirthYear = 1977 });
        FellegiSunterModel model = (await Resolver().ResolveAsync(accounts)).Model;
        double name = model.Weight(MatchField.FirstName, FieldComparison.Exact) + model.Weight(MatchField.LastName, FieldComparison.Exact);
        double year = model.Weight(MatchField.BirthYear, FieldComparison.Exact);
        double threshold = name + 0.5; // c3 ~ c1 (the name) falls short; c3 ~ c2 (the birth year) too
        Assert.True(year < name && year > 0.5, $"name {name:F2}, year {year:F2}");

        IdentityGraph combined = await Resolver(o => o.MatchThreshold = threshold).ResolveAsync(accounts);
        IdentityGraph pairwise = await Resolver(o => { o.MatchThreshold = threshold; o.CombineAccountEvidence = false; }).ResolveAsync(accounts);

        PersonId person = combined.PersonOf("shop", "c1");
        Assert.Equal(person, combined.PersonOf("social", "c2"));
        Assert.Equal(person, combined.PersonOf("news", "c3"));
        IdentityLink link = Assert.Single(combined.Explain(person), l => l.Rule == LinkRule.Combined);
        Assert.Equal(new AccountKey("shop", "c1"), link.First); // the strongest pair across the two persons: the names
        Assert.Equal(new AccountKey("news", "c3"), link.Second);
        Assert.Equal(name + year, link.Weight, 9); // one pair each had the chance to agree: no deduction
        Assert.Equal(
            [FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Missing, FieldComparison.Missing, FieldComparison.Missing, FieldComparison.Missing, FieldComparison.Missing],
            link.Evidence.Select(e => e.Level));
        Assert.True(combined.Report.CombinedLinks >= 1);
        Assert.Equal(pairwise.PersonOf("shop", "c1"), pairwise.PersonOf("social", "c2"));
        Assert.NotEqual(pairwise.PersonOf("shop", "c1"), pairwise.PersonOf("news", "c3"));
        Assert.Equal(0, pairwise.Report.CombinedLinks);
    }

    [Fact]
    public async Task ResolveAsync_CombinedEvidenceOnATakenPlatform_DoesNotLink()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(1500, seed: 21);
        accounts.Add(new AccountRecord("shop", "c1") { DisplayName = "Quentin Zabriskie", Email = "qz.combined@example.net" });
        accounts.Add(new AccountRecord("social", "c2") { Email = "qz.combined@example.net", BirthYear = 1977 });
        accounts.Add(new AccountRecord("shop", "c3") { DisplayName = "Quentin Zabriskie", BirthYear = 1977 });
        FellegiSunterModel model = (await Resolver().ResolveAsync(accounts)).Model;
        double threshold = model.Weight(MatchField.FirstName, FieldComparison.Exact) + model.Weight(MatchField.LastName, FieldComparison.Exact) + 0.5;

        IdentityGraph exclusive = await Resolver(o => o.MatchThreshold = threshold).ResolveAsync(accounts);
        IdentityGraph free = await Resolver(o => { o.MatchThreshold = threshold; o.OneAccountPerPlatform = false; }).ResolveAsync(accounts);

        Assert.NotEqual(exclusive.PersonOf("shop", "c1"), exclusive.PersonOf("shop", "c3")); // the person already has a shop account
        Assert.Equal(free.PersonOf("shop", "c1"), free.PersonOf("shop", "c3"));
        Assert.Equal(LinkRule.Combined, Assert.Single(free.Explain(free.PersonOf("shop", "c3")), l => l.Rule == LinkRule.Combined).Rule);
    }

    [Theory]
    [InlineData(BlockingKeys.FirstAndLastNamePhonetic, 0)] // G620 (Garcia), G520 (Gomez) and G000 (G.) never meet
    [InlineData(BlockingKeys.FirstNamePhoneticAndLastInitial, 2)] // María G. against both; Garcia and Gomez not against each other
    [InlineData(BlockingKeys.LastNamePhoneticAndFirstInitial, 1)] // M. García against María García
    [InlineData(BlockingKeys.CityAndFirstNamePhonetic, 2)] // María G. against both in Toronto; two full last names not against each other
    public async Task ResolveAsync_InitialAndFirstNameKeys_CompareTheExpectedPairs(BlockingKeys keys, long pairs)
    {
        AccountRecord[] accounts =
        [
            new("shop", "a") { DisplayName = "Maria Garcia", City = "Toronto" },
            new("social", "b") { DisplayName = "María G.", City = "Toronto" },
            new("news", "c") { DisplayName = "Maria Gomez", City = "Toronto" },
            new("partner", "d") { DisplayName = "M. García" },
        ];

        IdentityGraph graph = await Resolver(o => o.BlockingKeys = keys).ResolveAsync(accounts);

        Assert.Equal(pairs, graph.Report.PairsScored);
    }

    [Fact]
    public async Task ResolveAsync_MatchThreshold_FixedOrDerivedFromThePrior()
    {
        (List<AccountRecord> small, _) = IdentityTestData.Generate(300, seed: 4);
        (List<AccountRecord> large, _) = IdentityTestData.Generate(3000, seed: 4);

        IdentityGraph fixedThreshold = await Resolver(o => o.MatchThreshold = 9.5).ResolveAsync(small);
        IdentityGraph derivedSmall = await Resolver().ResolveAsync(small);
        IdentityGraph derivedLarge = await Resolver().ResolveAsync(large);
        IdentityGraph surer = await Resolver(o => o.MatchProbability = 0.999).ResolveAsync(large);

        Assert.Equal(9.5, fixedThreshold.MatchThreshold);
        Assert.True(derivedLarge.MatchThreshold > derivedSmall.MatchThreshold + 2, $"{derivedSmall.MatchThreshold} -> {derivedLarge.MatchThreshold}");
        Assert.Equal(Math.Log2(0.999 / 0.001), surer.MatchThreshold - derivedLarge.MatchThreshold, 9); // the default aims at 0.5
        Assert.True(surer.Report.ProbabilisticLinks < derivedLarge.Report.ProbabilisticLinks);
    }

    [Fact]
    public async Task ResolveAsync_SameInput_SameResultWhateverThreadsOrSalt()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(800, seed: 3);

        IdentityGraph one = await Resolver(o => o.MaxDegreeOfParallelism = 1).ResolveAsync(accounts);
        IdentityGraph many = await new FellegiSunterResolver(new IdentityResolverOptions { MaxDegreeOfParallelism = 4 }).ResolveAsync(accounts);

        Assert.Equal(one.Accounts, many.Accounts);
        Assert.Equal(one.Accounts.Select(a => one.PersonOf(a.Platform, a.Account)), many.Accounts.Select(a => many.PersonOf(a.Platform, a.Account)));
        Assert.Equal(one.LinkCount, many.LinkCount);
        Assert.Equal(one.Report.PairsScored, many.Report.PairsScored);
        Assert.Equal(one.Model.M(MatchField.Phone, FieldComparison.Exact), many.Model.M(MatchField.Phone, FieldComparison.Exact));
        Assert.Equal(Enumerable.Range(0, one.PersonCount).Select(i => new PersonId(i)), one.Persons);
        var firstSeen = new HashSet<PersonId>();
        PersonId highest = new(-1);
        foreach (AccountKey account in one.Accounts)
        {
            PersonId person = one.PersonOf(account.Platform, account.Account);
            if (firstSeen.Add(person))
            {
                Assert.Equal(highest.Value + 1, person.Value); // numbered in the order of their first account
                highest = person;
            }
        }
    }

    [Fact]
    public async Task ResolveAsync_Hashes_AreSaltedSha256OfTheNormalisedValues()
    {
        AccountRecord[] accounts = [new("shop", "a") { Email = "J.Doe+x@GoogleMail.com", Phone = "(555) 123-4567", DeviceIds = ["Dev-1", "dev-1", "Dev-2"] }];

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);
        AccountHashes hashes = graph.GetHashes(new AccountKey("shop", "a"));

        Assert.Equal(Sha(Salt + "jdoe@gmail.com"), hashes.Email);
        Assert.Equal(Sha(Salt + "15551234567"), hashes.Phone);
        Assert.Equal([Sha(Salt + "dev-1"), Sha(Salt + "dev-2")], hashes.Devices);
        AccountHashes none = (await Resolver().ResolveAsync([new AccountRecord("shop", "b") { Email = "nope" }])).GetHashes(new("shop", "b"));
        Assert.Null(none.Email);
        Assert.Null(none.Phone);
        Assert.Empty(none.Devices);
    }

    [Fact]
    public async Task ResolveAsync_NoSalt_GeneratesOnePerResolver()
    {
        AccountRecord[] accounts = [new("shop", "a") { Email = "a@example.org" }];

        string? first = (await new FellegiSunterResolver().ResolveAsync(accounts)).GetHashes(new("shop", "a")).Email;
        string? second = (await new FellegiSunterResolver().ResolveAsync(accounts)).GetHashes(new("shop", "a")).Email;
        var resolver = new FellegiSunterResolver();
        string? again1 = (await resolver.ResolveAsync(accounts)).GetHashes(new("shop", "a")).Email;
        string? again2 = (await resolver.ResolveAsync(accounts)).GetHashes(new("shop", "a")).Email;

        Assert.NotEqual(first, second);
        Assert.Equal(again1, again2);
        Assert.NotEqual(Sha("a@example.org"), first);
        Assert.Null(resolver.Options.Salt);
    }

    [Fact]
    public async Task ResolveAsync_Graph_HoldsNoRawOrNormalisedPersonalData()
    {
        (List<AccountRecord> generated, _) = IdentityTestData.Generate(60, seed: 9);
        AccountRecord marked = new("shop", "marked")
        {
            Email = "Jane.Q.Doe+promo@gmail.com",
            Phone = "+1 (555) 867-5309",
            DeviceIds = ["IDFA-0000-1111"],
            DisplayName = "Jane Quinn Doë",
            BirthYear = 1984,
            City = "Springfield",
        };
        var accounts = new List<AccountRecord>(generated) { marked, marked with { Account = "marked2", Platform = "news" } };

        IdentityGraph graph = await Resolver().ResolveAsync(accounts);
        HashSet<string> strings = ReachableStrings(graph);
        strings.UnionWith(graph.Persons.SelectMany(graph.Explain).Select(l => l.ToString()));

        var forbidden = new List<string> { "Jane.Q.Doe+promo@gmail.com", "janeqdoe@gmail.com", "janeqdoe", "janedoe", "doejane", "jdoe", "8675309", "15558675309", "IDFA-0000-1111", "idfa-0000-1111", "Jane", "jane", "Doë", "doe", "Springfield", "springfield" };
        foreach (AccountRecord record in generated)
        {
            forbidden.AddRange(new[] { record.Email, record.Phone, record.DisplayName, record.City }.OfType<string>());
        }

        foreach (string value in forbidden)
        {
            Assert.DoesNotContain(strings, s => s.Contains(value, StringComparison.Ordinal));
        }

        Assert.Equal(graph.PersonOf("shop", "marked"), graph.PersonOf("news", "marked2"));
        Assert.Contains(strings, s => s == "marked"); // the walk does see the graph's strings
    }

    [Fact]
    public async Task ResolveAsync_ReportsEveryStageAndCounts()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(300, seed: 2);
        var stages = new List<IdentityStage>();
        var progress = new SynchronousProgress(p =>
        {
            lock (stages)
            {
                stages.Add(p.Stage);
            }
        });

        IdentityGraph graph = await Resolver().ResolveAsync(accounts, progress);

        Assert.Equal(Enum.GetValues<IdentityStage>(), stages.Distinct().Order());
        IdentityResolutionReport report = graph.Report;
        Assert.Equal(accounts.Count, report.Accounts);
        Assert.Equal(graph.PersonCount, report.Persons);
        Assert.True(report.PairsScored > 0);
        Assert.True(report.Blocks > 0);
        Assert.True(report.DeterministicLinks > 0);
        Assert.True(report.Elapsed > TimeSpan.Zero);
        Assert.InRange(graph.Persons.Sum(p => graph.Explain(p).Count), 1, graph.LinkCount); // links skipped by the platform rule lie across persons
    }

    [Fact]
    public async Task ResolveAsync_Cancelled_Throws()
    {
        (List<AccountRecord> accounts, _) = IdentityTestData.Generate(100, seed: 2);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Resolver().ResolveAsync(accounts, cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task ResolveAsync_Empty_GivesAnEmptyGraph()
    {
        IdentityGraph graph = await Resolver().ResolveAsync([]);

        Assert.Equal(0, graph.PersonCount);
        Assert.Equal(0, graph.AccountCount);
        Assert.False(graph.Model.Converged);
        Assert.Equal(0, graph.Model.Iterations);
    }

    [Fact]
    public async Task ResolveAsync_BadInput_ThrowsNamingAccounts()
    {
        FellegiSunterResolver resolver = Resolver();

        Assert.Throws<ArgumentNullException>("accounts", () => { _ = resolver.ResolveAsync(null!); });
        await Assert.ThrowsAsync<ArgumentException>("accounts", () => resolver.ResolveAsync([new AccountRecord("shop", "a"), null!]));
        await Assert.ThrowsAsync<ArgumentException>("accounts", () => resolver.ResolveAsync([new AccountRecord("shop", "a"), new AccountRecord("shop", "a")]));
        await Assert.ThrowsAsync<ArgumentException>("accounts", () => resolver.ResolveAsync([new AccountRecord("shop", " ")]));
        await Assert.ThrowsAsync<ArgumentException>("accounts", () => resolver.ResolveAsync([new AccountRecord(default, "a")]));
    }

    [Fact]
    public void Constructor_SimilarAboveVerySimilar_ThrowsNamingOptions()
    {
        var options = new IdentityResolverOptions { SimilarThreshold = 0.95, VerySimilarThreshold = 0.9 };
        Assert.Throws<ArgumentException>("options", () => new FellegiSunterResolver(options));
    }

    [Fact]
    public void Options_InvalidValues_ThrowNamingValue()
    {
        var options = new IdentityResolverOptions();
        Assert.Throws<ArgumentException>("value", () => options.Salt = " ");
        Assert.Throws<ArgumentNullException>("value", () => options.DefaultCountryCode = null!);
        Assert.Throws<ArgumentException>("value", () => options.DefaultCountryCode = "044");
        Assert.Throws<ArgumentException>("value", () => options.DefaultCountryCode = "12a");
        Assert.Throws<ArgumentException>("value", () => options.DefaultCountryCode = "1234");
        Assert.Throws<ArgumentNullException>("value", () => options.IgnoreDotsProviders = null!);
        Assert.Throws<ArgumentException>("value", () => options.IgnoreDotsProviders = ["gmail.com", " "]);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BlockingKeys = BlockingKeys.None);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BlockingKeys = (BlockingKeys)512);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BlockingKeys = BlockingKeys.Default | (BlockingKeys)256);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.SimilarThreshold = 0d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.VerySimilarThreshold = 1.01);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MatchThreshold = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MatchThreshold = double.PositiveInfinity);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MatchProbability = 0d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MatchProbability = 1d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxKeyGroupSize = 1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxBlockSize = 1);
        Assert.Throws<ArgumentNullException>("value", () => options.FirstNameVariants = null!);
        Assert.Throws<ArgumentException>("value", () => options.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { [" "] = ["Bill"] });
        Assert.Throws<ArgumentException>("value", () => options.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { ["William"] = ["Bill", ""] });
        Assert.Throws<ArgumentException>("value", () => options.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { ["Mary Ann"] = ["Annie"] });
        Assert.Throws<ArgumentException>("value", () => options.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { ["William"] = ["B"] });
        var padded = new IdentityResolverOptions { FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { [" William "] = ["Bill"] } };
        Assert.Equal(["Bill"], padded.FirstNameVariants[" William "]);
        Assert.Throws<ArgumentNullException>("value", () => options.CityAliases = null!);
        Assert.Throws<ArgumentException>("value", () => options.CityAliases = new Dictionary<string, string> { ["NYC"] = " " });
        Assert.Same(IdentityNameTables.FirstNameVariants, options.FirstNameVariants); // a rejected value changes nothing
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.RandomPairs = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxEmIterations = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.EmTolerance = -1d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxDegreeOfParallelism = 0);
        Assert.Throws<ArgumentNullException>("value", () => options.TimeProvider = null!);
    }

    [Fact]
    public void Options_Clone_CopiesEverySetting()
    {
        var options = new IdentityResolverOptions
        {
            Salt = "s", DefaultCountryCode = "44", IgnoreDotsProviders = ["Example.COM "], StripPlusTags = true,
            BlockingKeys = BlockingKeys.FirstNamePhoneticAndBirthYear, SimilarThreshold = 0.8, VerySimilarThreshold = 0.9,
            MatchThreshold = 7, MatchProbability = 0.6, OneAccountPerPlatform = false, CombineAccountEvidence = false, MaxKeyGroupSize = 3, MaxBlockSize = 50, RandomPairs = 10, MaxEmIterations = 5, EmTolerance = 1e-3,
            Seed = 9, MaxDegreeOfParallelism = 2, CompareEmailNames = false,
            FirstNameVariants = new Dictionary<string, IReadOnlyList<string>> { ["William"] = ["Bill"] },
            CityAliases = new Dictionary<string, string> { ["NYC"] = "New York" },
        };

        IdentityResolverOptions clone = options.Clone();

        Assert.Equal(["example.com"], clone.IgnoreDotsProviders);
        Assert.Equal(
            (options.Salt, options.DefaultCountryCode, options.StripPlusTags, options.BlockingKeys, options.SimilarThreshold, options.VerySimilarThreshold, options.MatchProbability, options.OneAccountPerPlatform),
            (clone.Salt, clone.DefaultCountryCode, clone.StripPlusTags, clone.BlockingKeys, clone.SimilarThreshold, clone.VerySimilarThreshold, clone.MatchProbability, clone.OneAccountPerPlatform));
        Assert.False(clone.CombineAccountEvidence);
        Assert.True(new IdentityResolverOptions().CombineAccountEvidence);
        Assert.False(clone.CompareEmailNames);
        Assert.Equal(["Bill"], clone.FirstNameVariants["William"]);
        Assert.Equal("New York", Assert.Single(clone.CityAliases).Value);
        Assert.Same(IdentityNameTables.CityAliases, new IdentityResolverOptions().CityAliases);
        Assert.Equal(
            (options.MatchThreshold, options.MaxKeyGroupSize, options.MaxBlockSize, options.RandomPairs, options.MaxEmIterations, options.EmTolerance, options.Seed, options.MaxDegreeOfParallelism, options.TimeProvider),
            (clone.MatchThreshold, clone.MaxKeyGroupSize, clone.MaxBlockSize, clone.RandomPairs, clone.MaxEmIterations, clone.EmTolerance, clone.Seed, clone.MaxDegreeOfParallelism, clone.TimeProvider));
    }

    [Fact]
    public async Task ResolveAsync_BlockLargerThanTheCap_IsSkippedAndRecorded()
    {
        AccountRecord[] accounts = Enumerable.Range(0, 12)
            .Select(i => new AccountRecord("shop", "a" + i) { DisplayName = "Sam Jones", BirthYear = 1990 })
            .ToArray();

        IdentityGraph graph = await Resolver(o =>
        {
            o.BlockingKeys = BlockingKeys.LastNamePhoneticAndBirthYear;
            o.MaxBlockSize = 10;
        }).ResolveAsync(accounts);

        Assert.Equal(1, graph.Report.CappedBlocks);
        Assert.Equal(12, graph.Report.CappedBlockAccounts);
        Assert.Equal(0, graph.Report.PairsScored);
        Assert.Equal(12, graph.PersonCount);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Collects every string reachable from <paramref name="root"/> through fields, arrays and collections.</summary>
    internal static HashSet<string> ReachableStrings(object root)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<object>([root]);
        while (stack.Count > 0)
        {
            object current = stack.Pop();
            if (current is string s)
            {
                _ = strings.Add(s);
                continue;
            }

            Type type = current.GetType();
            if (type.IsPrimitive || type.IsEnum || current is Type || current is Delegate || current is IEqualityComparer<string> || !seen.Add(current))
            {
                continue;
            }

            if (current is Array array)
            {
                if (!type.GetElementType()!.IsPrimitive)
                {
                    foreach (object? item in array)
                    {
                        if (item is not null)
                        {
                            stack.Push(item);
                        }
                    }
                }

                continue;
            }

            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsPrimitive && field.GetValue(current) is { } value)
                    {
                        stack.Push(value);
                    }
                }
            }
        }

        return strings;
    }

    private sealed class SynchronousProgress(Action<IdentityProgress> report) : IProgress<IdentityProgress>
    {
        public void Report(IdentityProgress value) => report(value);
    }
}
