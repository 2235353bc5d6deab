// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The fusion stage on a small built model: text vectors from projected insights, fused vectors from the batched
/// descent, persons without an insight left on their behaviour vector.</summary>
[Trait("Category", "Integration")]
public sealed class ProfileFuserTests
{
    private static readonly Lazy<Task<ProfileModel>> s_enriched = new(BuildAsync);

    private static async Task<ProfileModel> BuildAsync()
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 400, Seed = 11 });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(world.Accounts);
        var catalog = new ItemCatalog(world.Items);
        ProfileModel model = await new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 })
            .BuildAsync(new ProfileBuildInput(clean.Events, graph, catalog) { AsOf = world.TrainingEnd });
        using var enricher = new ExtractiveProfileEnricher();
        EnrichmentRequest[] requests = [.. model.Profiles.Select(p => new EnrichmentRequest(p, model.EventsOf(p.Person).ToArray(), catalog))];
        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests);

        // Leave every tenth person without an insight.
        return model.WithProfiles([.. batch.Results.Select((r, i) => i % 10 == 0 ? r.Profile with { Insight = null } : r.Profile)]);
    }

    private static HashingEmbeddingGenerator Embedder() => new(new HashingEmbeddingOptions { Dimensions = 128 });

    [Fact]
    public async Task FuseAsync_WithoutPenalty_ReachesTheClosedFormMinimiser()
    {
        ProfileModel model = await s_enriched.Value;
        const float alpha = 3f;
        var fuser = new ProfileFuser(Embedder(), new ProfileFuserOptions
        {
            Fusion = new ProfileFusionOptions { Alpha = alpha, Lambda = 0f, MaxIterations = 5 },
            MatchTextNorm = false,
        });

        ProfileFuserResult result = await fuser.FuseAsync(model);

        int checkedProfiles = 0;
        foreach (UserProfile profile in result.Model.Profiles.Where(p => p.Insight is not null))
        {
            float[] b = profile.BehaviourVector.ToArray(), t = profile.TextVector.ToArray(), u = profile.FusedVector.ToArray();
            for (int i = 0; i < u.Length; i++)
            {
                float expected = ((alpha * b[i]) + t[i]) / (1 + alpha);
                Assert.True(Math.Abs(expected - u[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"person {profile.Person}, dimension {i}: {u[i]} vs {expected}");
            }

            checkedProfiles++;
        }

        Assert.Equal(result.Fused, checkedProfiles);
        Assert.True(result.MeanFinalLoss < result.MeanInitialLoss);
    }

    [Fact]
    public async Task FuseAsync_PersonWithoutInsight_KeepsBehaviourVector()
    {
        ProfileModel model = await s_enriched.Value;
        ProfileFuserResult result = await new ProfileFuser(Embedder()).FuseAsync(model);

        int without = model.Profiles.Count(p => p.Insight is null);
        Assert.True(without > 0);
        Assert.Equal(without, result.WithoutText);
        Assert.Equal(model.Profiles.Count - without, result.Fused);
        Assert.Equal(result.Fused, result.StopReasons.Values.Sum());
        for (int i = 0; i < model.Profiles.Count; i++)
        {
            UserProfile before = model.Profiles[i], after = result.Model.Profiles[i];
            Assert.Equal(before.Person, after.Person);
            Assert.True(before.FusedVector.IsEmpty, "the input model is not changed");
            if (before.Insight is null)
            {
                Assert.True(after.TextVector.IsEmpty);
                Assert.Equal(before.BehaviourVector.ToArray(), after.FusedVector.ToArray());
            }
            else
            {
                Assert.Equal(model.Factors.Rank, after.TextVector.Length);
                Assert.Equal(model.Factors.Rank, after.FusedVector.Length);
            }
        }
    }

    [Fact]
    public async Task Fuse_MatchTextNorm_ScalesTextToBehaviourNorm()
    {
        ProfileModel model = await s_enriched.Value;
        ProfileFuserResult result = await new ProfileFuser(Embedder(), new ProfileFuserOptions { MatchTextNorm = true }).FuseAsync(model);
        foreach (UserProfile profile in result.Model.Profiles.Where(p => p.Insight is not null).Take(50))
        {
            double text = Norm(profile.TextVector.Span), behaviour = Norm(profile.BehaviourVector.Span);
            Assert.True(Math.Abs(text - behaviour) <= 1e-4 * behaviour, $"{text} vs {behaviour}");
        }
    }

    [Fact]
    public async Task FitProjectionAsync_SyntheticItems_ExplainsItemFactors()
    {
        ProfileModel model = await s_enriched.Value;
        TextProjection projection = await new ProfileFuser(Embedder()).FitProjectionAsync(model);
        Assert.Equal(model.Factors.Rank, projection.FactorDimensions);
        Assert.Equal(128, projection.EmbeddingDimensions);

        // Items of one topic share words and factors, so text explains part of the factors (measured: R² 0.243 with
        // 128 hashed dimensions on this 400-person world; the demo's 512 dimensions on 20,000 persons reach about 0.6).
        Assert.True(projection.TrainingRSquared > 0.2, $"R² {projection.TrainingRSquared:F3}");
    }

    [Fact]
    public async Task EmbedAsync_ProjectionOfOtherRank_Throws()
    {
        ProfileModel model = await s_enriched.Value;
        TextProjection other = new TextProjectionTrainer().Fit(new float[] { 1, 0, 0, 1, 1, 1 }, 2, new float[] { 1, 2, 3 }, 1);
        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>("projection", () => new ProfileFuser(Embedder()).EmbedAsync(model, other));
        Assert.Contains("16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methods_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("embeddingGenerator", () => new ProfileFuser(null!));
        var fuser = new ProfileFuser(Embedder());
        await Assert.ThrowsAsync<ArgumentNullException>("model", () => fuser.FuseAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("model", () => fuser.FitProjectionAsync(null!));
        Assert.Throws<ArgumentNullException>("model", () => fuser.Fuse(null!));
        ProfileModel model = await s_enriched.Value;
        await Assert.ThrowsAsync<ArgumentNullException>("projection", () => fuser.EmbedAsync(model, null!));
    }

    [Fact]
    public async Task FuseAsync_Cancelled_Throws()
    {
        ProfileModel model = await s_enriched.Value;
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProfileFuser(Embedder()).FuseAsync(model, null, cancellation.Token));
    }

    [Fact]
    public async Task FuseAsync_TextPrior_ShrinksTextByEvidenceToTheClosedForm()
    {
        // With lambda 0 the minimiser of alpha ||U - B||^2 + ||U - T'||^2 is (alpha B + T') / (1 + alpha), where
        // T' = B + w (T - B) and w = k / (k + n) for a person with n distinct items.
        ProfileModel model = await s_enriched.Value;
        const float alpha = 1f;
        const double prior = 5;
        var fuser = new ProfileFuser(Embedder(), new ProfileFuserOptions
        {
            Fusion = new ProfileFusionOptions { Alpha = alpha, Lambda = 0f, MaxIterations = 5 },
            MatchTextNorm = false,
            TextPriorItems = prior,
        });

        ProfileFuserResult result = await fuser.FuseAsync(model);

        int checkedProfiles = 0;
        double lightShift = 0, heavyShift = 0;
        int light = 0, heavy = 0;
        foreach (UserProfile profile in result.Model.Profiles.Where(p => p.Insight is not null))
        {
            Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
            int n = model.Matrix.Seen.RowLength(row);
            float w = n == 0 ? 1f : (float)(prior / (prior + n));
            float[] b = profile.BehaviourVector.ToArray(), t = profile.TextVector.ToArray(), u = profile.FusedVector.ToArray();
            for (int i = 0; i < u.Length; i++)
            {
                float target = b[i] + (w * (t[i] - b[i]));
                float expected = ((alpha * b[i]) + target) / (1 + alpha);
                Assert.True(Math.Abs(expected - u[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"person {profile.Person} ({n} items), dimension {i}: {u[i]} vs {expected}");
            }

            // The fused vector moves from B by w / (1 + alpha) of (T - B): far for light persons, little for heavy ones.
            double shift = Norm(u.Zip(b, (x, y) => x - y).ToArray()) / Math.Max(1e-9, Norm(t.Zip(b, (x, y) => x - y).ToArray()));
            Assert.True(Math.Abs(shift - (w / (1 + alpha))) < 0.02, $"person {profile.Person} ({n} items): shift {shift:F4}, expected {w / (1 + alpha):F4}");
            if (n <= 5)
            {
                lightShift += shift;
                light++;
            }
            else if (n >= 30)
            {
                heavyShift += shift;
                heavy++;
            }

            checkedProfiles++;
        }

        Assert.Equal(result.Fused, checkedProfiles);
        Assert.True(light > 0 && heavy > 0, $"{light} light and {heavy} heavy persons");
        Assert.True(lightShift / light > 2 * (heavyShift / heavy), $"light {lightShift / light:F3}, heavy {heavyShift / heavy:F3}");
    }

    [Fact]
    public async Task FuseAsync_TextPriorZeroWithoutPenalty_KeepsEveryBehaviourVectorExactly()
    {
        ProfileModel model = await s_enriched.Value;
        var fuser = new ProfileFuser(Embedder(), new ProfileFuserOptions
        {
            Fusion = new ProfileFusionOptions { Alpha = 0.25f, Lambda = 0f, MaxIterations = 20 },
            TextPriorItems = 0,
        });

        ProfileFuserResult result = await fuser.FuseAsync(model);

        Assert.True(result.Fused > 300, $"{result.Fused} fused");
        Assert.All(result.Model.Profiles, p => Assert.Equal(p.BehaviourVector.ToArray(), p.FusedVector.ToArray()));

        // The text vectors are still there (for inspection); only their weight is zero.
        Assert.Equal(result.Fused, result.Model.Profiles.Count(p => !p.TextVector.IsEmpty));
    }

    [Fact]
    public void Options_CloneAndValidation()
    {
        var options = new ProfileFuserOptions { EmbeddingBatchSize = 7, MatchTextNorm = false };
        options.Fusion.Alpha = 2f;
        ProfileFuserOptions copy = options.Clone();
        options.Fusion.Alpha = 5f;
        Assert.Equal(2f, copy.Fusion.Alpha);
        Assert.Equal(7, copy.EmbeddingBatchSize);
        Assert.False(copy.MatchTextNorm);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.EmbeddingBatchSize = 0);
        Assert.Throws<ArgumentNullException>("value", () => options.Fusion = null!);
        Assert.Equal(1f, new ProfileFuserOptions().Fusion.Alpha);
        Assert.Equal(20, new ProfileFuserOptions().Fusion.MaxIterations);
        Assert.Equal(double.PositiveInfinity, new ProfileFuserOptions().TextPriorItems);
        options.TextPriorItems = 12;
        Assert.Equal(12, options.Clone().TextPriorItems);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.TextPriorItems = -1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.TextPriorItems = double.NaN);
    }

    private static double Norm(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v * (double)v;
        }

        return Math.Sqrt(sum);
    }
}
