// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class IdentityGraphTests
{
    private static readonly AccountKey s_a1 = new("shop", "a1");
    private static readonly AccountKey s_a2 = new("social", "a2");
    private static readonly AccountKey s_a3 = new("news", "a3");
    private static readonly AccountKey s_b1 = new("shop", "b1");
    private static readonly AccountKey s_c1 = new("news", "c1");

    /// <summary>a1 ~ a2 by e-mail (and name), a2 ~ a3 by phone only; b1 and c1 alone.</summary>
    private static Task<IdentityGraph> GraphAsync() =>
        new FellegiSunterResolver(new IdentityResolverOptions { Salt = "graph-tests" }).ResolveAsync(
        [
            new AccountRecord(s_a1.Platform, s_a1.Account) { Email = "ann.lee@example.org", DisplayName = "Ann Lee", BirthYear = 1980 },
            new AccountRecord(s_b1.Platform, s_b1.Account) { Email = "bo@example.org", DisplayName = "Bo Ek", Phone = "+46 70 123 45 67" },
            new AccountRecord(s_a2.Platform, s_a2.Account) { Email = "Ann.Lee@Example.org", Phone = "555 010 9999", DisplayName = "Ann Lee", BirthYear = 1980 },
            new AccountRecord(s_a3.Platform, s_a3.Account) { Phone = "+1 555 010 9999", DisplayName = "Bob Stone", BirthYear = 1960 },
            new AccountRecord(s_c1.Platform, s_c1.Account) { Email = "cy@example.org" },
        ]);

    [Fact]
    public async Task Lookups_AfterResolution_NumberPersonsByFirstAccount()
    {
        IdentityGraph graph = await GraphAsync();

        Assert.Equal(3, graph.PersonCount);
        Assert.Equal(5, graph.AccountCount);
        Assert.Equal([new PersonId(0), new PersonId(1), new PersonId(2)], graph.Persons);
        Assert.Equal([s_a1, s_a2, s_a3], graph.AccountsOf(new PersonId(0)));
        Assert.Equal([s_b1], graph.AccountsOf(new PersonId(1)));
        Assert.True(graph.TryGetPerson("news", "c1", out PersonId c));
        Assert.Equal(new PersonId(2), c);
        Assert.False(graph.TryGetPerson("news", "zz", out _));
        Assert.Equal(2, graph.LinkCount);
    }

    [Fact]
    public async Task Explain_Person_ListsItsLinksWithEvidence()
    {
        IdentityGraph graph = await GraphAsync();

        IdentityLink[] links = graph.Explain(new PersonId(0)).ToArray();

        Assert.Equal(2, links.Length);
        Assert.Equal((s_a1, s_a2), (links[0].First, links[0].Second));
        Assert.Equal((s_a2, s_a3), (links[1].First, links[1].Second));
        Assert.All(links, l => Assert.Equal(LinkRule.Deterministic, l.Rule));
        Assert.Equal(FieldComparison.Exact, links[0].Evidence[(int)MatchField.Email].Level);
        Assert.Equal(FieldComparison.Exact, links[0].Evidence[(int)MatchField.LastName].Level);
        Assert.Equal(FieldComparison.Exact, links[1].Evidence[(int)MatchField.Phone].Level);
        Assert.Equal(FieldComparison.Disagree, links[1].Evidence[(int)MatchField.BirthYear].Level);
        Assert.True(links[0].Weight > links[1].Weight);
        Assert.Empty(graph.Explain(new PersonId(2)));
        Assert.Contains("Email=Exact", links[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainLink_AccountsOfOnePerson_GivesTheChainBetweenThem()
    {
        IdentityGraph graph = await GraphAsync();

        var chain = graph.ExplainLink(s_a3, s_a1).ToArray();

        Assert.Equal(2, chain.Length);
        Assert.Equal((s_a2, s_a3), (chain[0].First, chain[0].Second));
        Assert.Equal((s_a1, s_a2), (chain[1].First, chain[1].Second));
        Assert.Empty(graph.ExplainLink(s_a1, s_b1));
        Assert.Empty(graph.ExplainLink(s_a1, s_a1));
    }

    [Fact]
    public async Task Split_CutsTheWeakestLinkAndKeepsOtherIds()
    {
        IdentityGraph graph = await GraphAsync();

        IdentityGraph split = graph.Split(s_a1, s_a3);

        Assert.Equal(4, split.PersonCount);
        Assert.Equal(new PersonId(0), split.PersonOf(s_a1.Platform, s_a1.Account));
        Assert.Equal(new PersonId(0), split.PersonOf(s_a2.Platform, s_a2.Account));
        Assert.Equal(new PersonId(3), split.PersonOf(s_a3.Platform, s_a3.Account)); // a fresh id for the new part
        Assert.Equal(new PersonId(1), split.PersonOf(s_b1.Platform, s_b1.Account));
        Assert.Equal(new PersonId(2), split.PersonOf(s_c1.Platform, s_c1.Account));
        Assert.Single(split.Explain(new PersonId(0)));
        Assert.Empty(split.ExplainLink(s_a1, s_a3));
        Assert.Equal(3, graph.PersonCount); // the original is unchanged
        Assert.Equal(split.LinkCount, graph.LinkCount); // links are kept, only not followed

        IdentityGraph again = split.Split(s_a2, s_a3);
        Assert.Equal(split.Accounts.Select(a => split.PersonOf(a.Platform, a.Account)), again.Accounts.Select(a => again.PersonOf(a.Platform, a.Account)));
    }

    [Fact]
    public async Task Merge_JoinsPersonsKeepsTheLowerIdAndOverridesASplit()
    {
        IdentityGraph graph = await GraphAsync();

        IdentityGraph merged = graph.Merge(s_c1, s_b1);

        Assert.Equal(2, merged.PersonCount);
        Assert.Equal(new PersonId(1), merged.PersonOf(s_c1.Platform, s_c1.Account));
        Assert.Equal(new PersonId(1), merged.PersonOf(s_b1.Platform, s_b1.Account));
        IdentityLink manual = Assert.Single(merged.Explain(new PersonId(1)));
        Assert.Equal(LinkRule.Manual, manual.Rule);
        Assert.Equal(double.PositiveInfinity, manual.Weight);
        Assert.Empty(manual.Evidence);
        Assert.Equal([manual.First, manual.Second], [s_b1, s_c1]);
        Assert.Single(merged.ExplainLink(s_c1, s_b1));

        IdentityGraph split = graph.Split(s_a1, s_a3);
        IdentityGraph rejoined = split.Merge(s_a3, s_a1);
        Assert.Equal(3, rejoined.PersonCount);
        Assert.Equal(new PersonId(0), rejoined.PersonOf(s_a3.Platform, s_a3.Account));
        Assert.Equal(3, rejoined.Explain(new PersonId(0)).Count); // two stored links and the manual one

        IdentityGraph splitAgain = rejoined.Split(s_a1, s_a3);
        Assert.NotEqual(splitAgain.PersonOf(s_a1.Platform, s_a1.Account), splitAgain.PersonOf(s_a3.Platform, s_a3.Account));
    }

    [Fact]
    public async Task Forget_RemovesThePersonEntirelyAndKeepsOthers()
    {
        IdentityGraph graph = await GraphAsync();
        string? hash = graph.GetHashes(s_a2).Email;

        IdentityGraph forgotten = graph.Forget(new PersonId(0));

        Assert.Equal(2, forgotten.PersonCount);
        Assert.Equal(2, forgotten.AccountCount);
        Assert.Equal(0, forgotten.LinkCount);
        Assert.Equal([new PersonId(1), new PersonId(2)], forgotten.Persons);
        Assert.Equal(new PersonId(1), forgotten.PersonOf(s_b1.Platform, s_b1.Account));
        Assert.False(forgotten.TryGetPerson(s_a1.Platform, s_a1.Account, out _));
        Assert.Throws<ArgumentException>("account", () => forgotten.GetHashes(s_a1));
        Assert.Throws<ArgumentException>("person", () => forgotten.Explain(new PersonId(0)));
        var strings = FellegiSunterResolverTests.ReachableStrings(forgotten);
        Assert.DoesNotContain("a1", strings);
        Assert.DoesNotContain("a3", strings);
        Assert.NotNull(hash);
        Assert.Equal(3, graph.PersonCount);

        IdentityGraph merged = forgotten.Merge(s_b1, s_c1);
        Assert.Equal(new PersonId(1), merged.PersonOf(s_c1.Platform, s_c1.Account));
    }

    [Fact]
    public async Task Forget_AfterEdits_DropsTheirConstraints()
    {
        IdentityGraph graph = (await GraphAsync()).Split(s_a1, s_a3).Merge(s_b1, s_c1);

        IdentityGraph forgotten = graph.Forget(graph.PersonOf(s_b1.Platform, s_b1.Account));

        Assert.Equal(2, forgotten.PersonCount);
        Assert.Equal(graph.PersonOf(s_a3.Platform, s_a3.Account), forgotten.PersonOf(s_a3.Platform, s_a3.Account));
        IdentityGraph rejoined = forgotten.Merge(s_a1, s_a3);
        Assert.Equal(1, rejoined.PersonCount);
    }

    [Fact]
    public async Task Members_UnknownArguments_ThrowNamingThem()
    {
        IdentityGraph graph = await GraphAsync();
        AccountKey unknown = new("shop", "nobody");

        Assert.Throws<ArgumentException>("account", () => graph.PersonOf("shop", "nobody"));
        Assert.Throws<ArgumentException>("person", () => graph.AccountsOf(new PersonId(99)));
        Assert.Throws<ArgumentException>("person", () => graph.AccountsOf(new PersonId(-1)));
        Assert.Throws<ArgumentException>("person", () => graph.Forget(new PersonId(3)));
        Assert.Throws<ArgumentException>("first", () => graph.Split(unknown, s_a1));
        Assert.Throws<ArgumentException>("second", () => graph.Merge(s_a1, unknown));
        Assert.Throws<ArgumentException>("second", () => graph.Split(s_a1, s_a1));
        Assert.Throws<ArgumentException>("first", () => graph.ExplainLink(unknown, s_a1));
        Assert.Throws<ArgumentException>("account", () => graph.GetHashes(unknown));
    }
}
