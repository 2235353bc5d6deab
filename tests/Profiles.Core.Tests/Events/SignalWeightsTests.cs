// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class SignalWeightsTests
{
    private static float Strength(EventKind kind, float? value = null, string platform = "shop") =>
        SignalWeights.Default.Strength(EventData.At("a", "i", kind, 0, value, platform));

    [Fact]
    public void Strength_Defaults_OrderKindsByCommitment()
    {
        Assert.True(Strength(EventKind.Purchase) > Strength(EventKind.AddToCart));
        Assert.True(Strength(EventKind.AddToCart) > Strength(EventKind.Share));
        Assert.True(Strength(EventKind.Like) >= Strength(EventKind.Comment));
        Assert.True(Strength(EventKind.Comment) > Strength(EventKind.Click));
        Assert.True(Strength(EventKind.Click) > Strength(EventKind.View));
        Assert.True(Strength(EventKind.View) > 0f);
        Assert.Equal(0f, Strength(new EventKind("wishlist")));
    }

    [Theory]
    [InlineData(5f, 2f)]
    [InlineData(4.5f, 1.5f)]
    [InlineData(3f, 0f)]
    [InlineData(1f, -2f)]
    [InlineData(0.5f, -2.5f)]
    public void Strength_Rating_IsStarsFromNeutral(float stars, float expected) => Assert.Equal(expected, Strength(EventKind.Rating, stars));

    [Fact]
    public void Strength_LowRatingsDropped_AreZero()
    {
        var weights = new SignalWeights(new SignalWeightsOptions { LowRatings = LowRatingPolicy.Drop });
        Assert.Equal(0f, weights.Strength(EventData.At("a", "i", EventKind.Rating, 0, 1f)));
        Assert.Equal(2f, weights.Strength(EventData.At("a", "i", EventKind.Rating, 0, 5f)));
    }

    [Theory]
    [InlineData(30f, 1f)]
    [InlineData(90f, 2f)]
    [InlineData(210f, 3f)]
    [InlineData(100_000f, 6.9189f)] // capped at one hour: log2(1 + 3600 / 30) = log2(121)
    [InlineData(0f, 0f)]
    public void Strength_Dwell_IsLogSeconds(float seconds, float expected) =>
        Assert.Equal(expected, Strength(EventKind.Dwell, seconds), 4);

    [Fact]
    public void Strength_Overrides_ApplyPerKindThenPerPlatform()
    {
        var options = new SignalWeightsOptions()
            .SetWeight(EventKind.View, 0.1f)
            .SetWeight("news", EventKind.View, 1.5f)
            .SetWeight("social", EventKind.Rating, 2f)
            .SetWeight(new EventKind("wishlist"), 2.5f);
        var weights = new SignalWeights(options);

        Assert.Equal(0.1f, weights.Strength(EventData.At("a", "i", EventKind.View, 0)));
        Assert.Equal(1.5f, weights.Strength(EventData.At("a", "i", EventKind.View, 0, platform: "news")));
        Assert.Equal(4f, weights.Strength(EventData.At("a", "i", EventKind.Rating, 0, 5f, "social")));
        Assert.Equal(2.5f, weights.Strength(EventData.At("a", "i", new EventKind("Wishlist"), 0)));
        Assert.Equal(0.5f, Strength(EventKind.View));
    }

    [Fact]
    public void Weight_OneHalfLifeOld_IsHalfTheStrength()
    {
        var weights = new SignalWeights(new SignalWeightsOptions { HalfLife = TimeSpan.FromDays(10) });
        InteractionEvent purchase = EventData.At("a", "i", EventKind.Purchase, 0);

        Assert.Equal(2f, weights.Weight(purchase, EventData.Start.AddDays(10)), 5);
        Assert.Equal(1f, weights.Weight(purchase, EventData.Start.AddDays(20)), 5);
        Assert.Equal(4f, weights.Weight(purchase, EventData.Start.AddDays(-1)));
    }

    [Property(MaxTest = 200)]
    public Property Weight_AnyEvent_IsFiniteAndBoundedByStrength() =>
        Prop.ForAll(EventData.Event.ToArbitrary(), e =>
        {
            float strength = SignalWeights.Default.Strength(e);
            float weight = SignalWeights.Default.Weight(e, EventData.Start);
            float confidence = SignalWeights.Default.Confidence(weight);
            return (float.IsFinite(weight) && MathF.Abs(weight) <= MathF.Abs(strength) && confidence >= 1f && float.IsFinite(confidence))
                .Label($"{e}: strength {strength}, weight {weight}");
        });

    [Fact]
    public void Weigh_Span_MatchesWeightAndChecksTheDestination()
    {
        InteractionEvent[] events = [.. Enumerable.Range(0, 5).Select(i => EventData.At("a", "i", EventKind.WellKnown[i], -i * 1440))];
        float[] destination = new float[5];
        SignalWeights.Default.Weigh(events, EventData.Start, destination);

        Assert.Equal(events.Select(e => SignalWeights.Default.Weight(e, EventData.Start)), destination);
        Assert.Equal(1f + (10f * 2f), SignalWeights.Default.Confidence(-2f));
        Assert.Throws<ArgumentException>("destination", () => SignalWeights.Default.Weigh(events, EventData.Start, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>("weight", () => new SignalWeightsOptions().SetWeight(EventKind.View, float.NaN));
        Assert.Throws<ArgumentException>("kind", () => new SignalWeightsOptions().SetWeight(default(EventKind), 1f));
    }
}
