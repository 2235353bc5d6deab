// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class ProfileJsonTests
{
    private static UserProfile Sample() => new(new PersonId(7))
    {
        Accounts = [new AccountKey("shop", "a1"), new AccountKey("news", "n \"quoted\"")],
        Activity = [new PlatformActivity("shop", new Dictionary<EventKind, int> { [EventKind.Purchase] = 2, [new EventKind("wishlist")] = 1 },
            EventData.Start, EventData.Start.AddDays(3))],
        Interests = [new Interest("running", 0.75f) { Evidence = [new InterestEvidence(new ItemKey("shop", "p1"), EventKind.Purchase, EventData.Start, 4f)] },
            new Interest("jazz", 0.25f)],
        BehaviourVector = new float[] { 0.5f, -1.25f, 3e-8f },
        Segment = 3,
        Neighbours = [new Neighbour(new PersonId(9), 0.875f)],
        Insight = new ProfileInsight("Runs a lot; likes jazz.", [new InsightInterest("running", 1f) { Evidence = [new ItemKey("shop", "p1")] }], 0.8f) { Source = "extractive" },
        TextVector = new float[] { 1f, 2f, 3f },
        FusedVector = new float[] { 0.25f, 0.5f, 0.75f },
        AsOf = EventData.Start.AddDays(90),
    };

    [Fact]
    public void SerializeThenDeserialize_EveryField_RoundTrips()
    {
        UserProfile original = Sample();
        UserProfile back = ProfileJson.Deserialize(ProfileJson.Serialize(original));

        Assert.Equal(original.Person, back.Person);
        Assert.Equal(original.Accounts, back.Accounts);
        Assert.Equal(original.Activity[0].Platform, back.Activity[0].Platform);
        Assert.Equal(original.Activity[0].EventsByKind.OrderBy(p => p.Key.Value), back.Activity[0].EventsByKind.OrderBy(p => p.Key.Value));
        Assert.Equal(original.Activity[0].LastSeen, back.Activity[0].LastSeen);
        Assert.Equal(original.Interests.Select(i => (i.Name, i.Weight)), back.Interests.Select(i => (i.Name, i.Weight)));
        Assert.Equal(original.Interests[0].Evidence, back.Interests[0].Evidence);
        Assert.Equal(original.BehaviourVector.ToArray(), back.BehaviourVector.ToArray());
        Assert.Equal(original.Segment, back.Segment);
        Assert.Equal(original.Neighbours, back.Neighbours);
        Assert.Equal(original.Insight!.Summary, back.Insight!.Summary);
        Assert.Equal(original.Insight.Source, back.Insight.Source);
        Assert.Equal(original.Insight.Interests[0].Evidence, back.Insight.Interests[0].Evidence);
        Assert.Equal(original.TextVector.ToArray(), back.TextVector.ToArray());
        Assert.Equal(original.FusedVector.ToArray(), back.FusedVector.ToArray());
        Assert.Equal(original.AsOf, back.AsOf);
        Assert.Equal(ProfileJson.Serialize(original), ProfileJson.Serialize(back));
    }

    [Fact]
    public async Task WriteLinesThenReadLines_ManyProfiles_RoundTrip()
    {
        UserProfile[] profiles = [.. Enumerable.Range(0, 50).Select(i => Sample() with { Person = new PersonId(i), Insight = i % 2 == 0 ? null : Sample().Insight })];
        var stream = new MemoryStream();
        await ProfileJson.WriteLinesAsync(profiles, stream);
        stream.Position = 0;

        List<UserProfile> back = await ProfileJson.ReadLinesAsync(stream).ToListAsync();

        Assert.Equal(profiles.Select(ProfileJson.Serialize), back.Select(ProfileJson.Serialize));
    }

    [Theory]
    [InlineData("{\"version\":2,\"person\":1}", "version 2")]
    [InlineData("{\"version\":1,\"person\":1,\"accounts\":[{\"platform\":\"shop\"}]}", "'accounts[].account' is missing")]
    [InlineData("{\"version\":1,\"person\":\"x\"}", "Not a profile")]
    [InlineData("{\"version\":1,\"person\":1,", "Not a profile")]
    [InlineData("null", "JSON null")]
    public void Deserialize_CorruptedOrForeignDocuments_ThrowsInvalidDataSayingWhy(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ProfileJson.Deserialize(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadLines_TruncatedLine_NamesTheLine()
    {
        string good = ProfileJson.Serialize(Sample());
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
            await ProfileJson.ReadLinesAsync(EventData.Utf8(good + "\n" + good[..(good.Length / 2)] + "\n")).ToListAsync());
        Assert.Contains("(line 2)", ex.Message, StringComparison.Ordinal);
    }
}
