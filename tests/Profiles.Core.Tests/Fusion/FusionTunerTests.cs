// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The fusion tuner on a small world: a grid scored on a validation split carved from the training events.</summary>
[Trait("Category", "Integration")]
public sealed class FusionTunerTests
{
    private static readonly Lazy<Task<(ProfileBuildInput Input, FusionTuningResult Result)>> s_tuned = new(TuneAsync);

    private static async Task<(ProfileBuildInput, FusionTuningResult)> TuneAsync()
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 600, Seed = 13 });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(world.Accounts);
        var input = new ProfileBuildInput(clean.Events, graph, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd };
        using var enricher = new ExtractiveProfileEnricher();
        var tuner = new FusionTuner(
            new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 }),
            enricher,
            new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }),
            new FusionTunerOptions { Alphas = [0.5f, 8f], Lambdas = [0f, 1000f], Steps = [3], MaxValidationPersons = 200, Seed = 5 });
        return (input, await tuner.TuneAsync(input));
    }

    [Fact]
    public async Task TuneAsync_Grid_TriesEverySettingAndPicksTheBest()
    {
        (_, FusionTuningResult result) = await s_tuned.Value;
        Assert.Equal(4, result.Trials.Count);
        Assert.Equal([0.5f, 0.5f, 8f, 8f], result.Trials.Select(t => t.Alpha));
        Assert.Equal([0f, 1000f, 0f, 1000f], result.Trials.Select(t => t.Lambda));
        Assert.All(result.Trials, t => Assert.InRange(t.Ndcg, 0, 1));
        Assert.All(result.Trials, t => Assert.InRange(t.Recall, 0, 1));
        Assert.Equal(Math.Max(result.BehaviourNdcg, result.Trials.Max(t => t.Ndcg)), result.Best.Ndcg);
        Assert.All(result.Trials, t => Assert.Equal(double.PositiveInfinity, t.TextPrior));
        Assert.Equal(200, result.ValidationPersons);
        Assert.Equal(SplitKind.RandomPerUser, result.Split.Kind);
        Assert.InRange(result.BehaviourNdcg, 0.01, 1);
        Assert.Equal(result.Best.Ndcg > result.BehaviourNdcg, result.FusionHelps);

        // A large alpha keeps the fused vector near the behaviour vector, so it scores close to behaviour alone.
        FusionTrial anchored = result.Trials.First(t => t.Alpha == 8f && t.Lambda == 0f);
        Assert.True(Math.Abs(anchored.Ndcg - result.BehaviourNdcg) < 0.05, $"{anchored.Ndcg} vs {result.BehaviourNdcg}");
    }

    [Fact]
    public async Task TuneAsync_BehaviourOnlyCandidate_ScoredFromBehaviourAndReproducedByApplyBest()
    {
        (ProfileBuildInput input, FusionTuningResult result) = await s_tuned.Value;
        FusionTrial behaviourOnly = result.BehaviourOnly;
        Assert.True(behaviourOnly.IsBehaviourOnly);
        Assert.Equal(0, behaviourOnly.TextPrior);
        Assert.Equal(0f, behaviourOnly.Lambda);
        Assert.Equal(result.BehaviourNdcg, behaviourOnly.Ndcg);
        Assert.Equal(result.BehaviourRecall, behaviourOnly.Recall);
        Assert.DoesNotContain(behaviourOnly, result.Trials);
        Assert.True(result.Best.Ndcg >= result.BehaviourNdcg);
        Assert.Equal(!result.Best.IsBehaviourOnly, result.FusionHelps);

        // Applying the behaviour-only setting leaves every behaviour vector exactly as it is.
        var applied = new ProfileFuserOptions { TextPriorItems = behaviourOnly.TextPrior };
        applied.Fusion.Alpha = behaviourOnly.Alpha;
        applied.Fusion.Lambda = behaviourOnly.Lambda;
        applied.Fusion.MaxIterations = behaviourOnly.Steps;
        if (result.Best.IsBehaviourOnly)
        {
            Assert.Equal(0, result.ApplyBest().TextPriorItems);
        }

        ProfileModel model = await new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 }).BuildAsync(input);
        using var enricher = new ExtractiveProfileEnricher();
        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync([.. model.Profiles.Take(100).Select(p => new EnrichmentRequest(p, model.EventsOf(p.Person).ToArray(), input.Catalog))]);
        ProfileModel enriched = model.WithProfiles([.. batch.Results.Select(r => r.Profile), .. model.Profiles.Skip(100)]);
        ProfileFuserResult fused = await new ProfileFuser(new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }), applied).FuseAsync(enriched);
        Assert.True(fused.Fused > 50, $"{fused.Fused} fused");
        Assert.All(fused.Model.Profiles, p => Assert.Equal(p.BehaviourVector.ToArray(), p.FusedVector.ToArray()));
    }

    [Fact]
    public async Task TuneAsync_TextPriors_GridOverPriorsAndTextHurtsLessWhenShrunk()
    {
        (ProfileBuildInput input, FusionTuningResult plain) = await s_tuned.Value;
        using var enricher = new ExtractiveProfileEnricher();
        var tuner = new FusionTuner(
            new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 }),
            enricher,
            new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }),
            new FusionTunerOptions { Alphas = [0.5f], Lambdas = [0f], Steps = [3], TextPriors = [double.PositiveInfinity, 3], MaxValidationPersons = 200, Seed = 5 });
        FusionTuningResult result = await tuner.TuneAsync(input);

        Assert.Equal([double.PositiveInfinity, 3.0], result.Trials.Select(t => t.TextPrior));
        Assert.Equal(plain.BehaviourNdcg, result.BehaviourNdcg, 6);
        Assert.Equal(plain.Trials[0].Ndcg, result.Trials[0].Ndcg, 6);

        // A prior of 3 items keeps the fused vectors of persons with long histories near behaviour, so it lands closer
        // to the behaviour-only score than the plain objective with the same alpha.
        Assert.True(
            Math.Abs(result.Trials[1].Ndcg - result.BehaviourNdcg) < Math.Abs(result.Trials[0].Ndcg - result.BehaviourNdcg),
            $"prior 3: {result.Trials[1].Ndcg:F4}, plain: {result.Trials[0].Ndcg:F4}, behaviour: {result.BehaviourNdcg:F4}");
        Assert.Equal(result.Best.TextPrior, result.ApplyBest().TextPriorItems);
    }

    [Fact]
    public async Task TuneAsync_SameInput_IsDeterministic()
    {
        (ProfileBuildInput input, FusionTuningResult first) = await s_tuned.Value;
        using var enricher = new ExtractiveProfileEnricher();
        var tuner = new FusionTuner(
            new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3, MaxDegreeOfParallelism = 1 }),
            enricher,
            new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }),
            new FusionTunerOptions { Alphas = [0.5f], Lambdas = [0f], Steps = [3], MaxValidationPersons = 200, Seed = 5 });
        FusionTuningResult second = await tuner.TuneAsync(input);
        Assert.Equal(first.ValidationPersons, second.ValidationPersons);
        Assert.Equal(first.Trials[0].Ndcg, second.Trials[0].Ndcg, 6);
        Assert.Equal(first.BehaviourNdcg, second.BehaviourNdcg, 6);
    }

    [Fact]
    public async Task TuneAsync_ColdStartProtocol_ServesOnlyTheHiddenPlatform()
    {
        (ProfileBuildInput input, _) = await s_tuned.Value;
        using var enricher = new ExtractiveProfileEnricher();
        var tuner = new FusionTuner(
            new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 }),
            enricher,
            new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }),
            new FusionTunerOptions { Alphas = [1f], Lambdas = [0f], Steps = [3], Protocol = SplitKind.CrossPlatformColdStart, Seed = 5 });
        FusionTuningResult result = await tuner.TuneAsync(input);

        Assert.Equal(SplitKind.CrossPlatformColdStart, result.Split.Kind);
        Assert.True(result.ValidationPersons > 20, $"{result.ValidationPersons} cold-start persons");

        // Served from the other platforms through the joint factors, cold persons still find their hidden platform's items.
        Assert.InRange(result.BehaviourNdcg, 0.05, 1);
        Assert.InRange(result.Best.Ndcg, 0.05, 1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new FusionTunerOptions { Protocol = SplitKind.TemporalCut });
    }

    [Fact]
    public async Task TuneAsync_ColdStartUsersProtocol_ValidatesOnPersonsCutToAFewItems()
    {
        (ProfileBuildInput input, _) = await s_tuned.Value;
        using var enricher = new ExtractiveProfileEnricher();
        var options = new FusionTunerOptions { Alphas = [1f], Lambdas = [0f], Steps = [3], Ridges = [1, 100], Protocol = SplitKind.ColdStartUsers, ColdStartKeep = 2, Seed = 5 };
        var tuner = new FusionTuner(
            new ProfileBuilder(new ProfileBuilderOptions { Factors = 16, Iterations = 5, Seed = 3 }),
            enricher,
            new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 }),
            options);
        FusionTuningResult result = await tuner.TuneAsync(input);

        Assert.Equal(SplitKind.ColdStartUsers, result.Split.Kind);
        Assert.Contains("keep 2", result.Split.Description, StringComparison.Ordinal);
        Assert.Equal(input.Events.Count, result.Split.Events);
        Assert.True(result.ValidationPersons > 50, $"{result.ValidationPersons} cold validation persons");
        Assert.InRange(result.BehaviourNdcg, 0.01, 1);

        // One trial per ridge; the projection is refitted per ridge, so the two score differently; ApplyBest copies it.
        Assert.Equal([1.0, 100.0], result.Trials.Select(t => t.Ridge));
        Assert.NotEqual(result.Trials[0].Ndcg, result.Trials[1].Ndcg);
        Assert.Equal(result.Best.Ridge, result.ApplyBest().Projection.Ridge);
        Assert.Equal(2, options.Clone().ColdStartKeep);
        Assert.Equal([1.0, 100.0], options.Clone().Ridges);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new FusionTunerOptions { Ridges = [0] });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new FusionTunerOptions { ColdStartKeep = 0 });
    }

    [Fact]
    public async Task ApplyBest_CopiesTheBestSetting()
    {
        (_, FusionTuningResult result) = await s_tuned.Value;
        var baseOptions = new ProfileFuserOptions { MatchTextNorm = false };
        ProfileFuserOptions applied = result.ApplyBest(baseOptions);
        Assert.Equal(result.Best.Alpha, applied.Fusion.Alpha);
        Assert.Equal(result.Best.Lambda, applied.Fusion.Lambda);
        Assert.Equal(result.Best.Steps, applied.Fusion.MaxIterations);
        Assert.False(applied.MatchTextNorm);
        Assert.Equal(1f, baseOptions.Fusion.Alpha);
    }

    [Fact]
    public void Options_InvalidGrids_Throw()
    {
        var options = new FusionTunerOptions();
        Assert.Throws<ArgumentException>("value", () => options.Alphas = []);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.Lambdas = [1f, float.NaN]);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.Steps = [0]);
        Assert.Throws<ArgumentException>("value", () => options.TextPriors = []);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.TextPriors = [1, -1]);
        Assert.Equal([double.PositiveInfinity], new FusionTunerOptions().TextPriors);
        options.TextPriors = [double.PositiveInfinity, 10];
        Assert.Equal([double.PositiveInfinity, 10.0], options.Clone().TextPriors);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.ValidationFraction = 0);
        Assert.Throws<ArgumentNullException>("builder", () => new FusionTuner(null!, new ExtractiveProfileEnricher(), new HashingEmbeddingGenerator()));
    }
}
