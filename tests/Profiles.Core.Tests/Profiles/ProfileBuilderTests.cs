// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>The whole front of the pipeline on a synthetic world: clean, resolve, build, then check the profiles against
/// the ground truth.</summary>
[Trait("Category", "Integration")]
public class ProfileBuilderTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<(SyntheticWorld World, ProfileModel Model, IdentityGraph Graph)>> s_built = new(BuildAsync);

    private static async Task<(SyntheticWorld, ProfileModel, IdentityGraph)> BuildAsync()
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 3_000, Seed = 5 });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(world.Accounts);
        var builder = new ProfileBuilder(new ProfileBuilderOptions { Factors = 32, Iterations = 8, Seed = 3 });
        ProfileModel model = await builder.BuildAsync(new ProfileBuildInput(clean.Events, graph, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });
        return (world, model, graph);
    }

    [Fact]
    public async Task BuildAsync_SyntheticWorld_InterestsRecoverTrueTastes()
    {
        (SyntheticWorld world, ProfileModel model, IdentityGraph graph) = await s_built.Value;
        string[] topics = [.. world.Topics.Select(t => t.Name)];
        var correlations = new List<double>();
        foreach (UserProfile profile in model.Profiles)
        {
            if (model.EventsOf(profile.Person).Length < 20)
            {
                continue;
            }

            // The person's true identity: the majority ground-truth person of their accounts.
            int? truth = profile.Accounts.Select(a => world.GroundTruth.PersonOf(a.Platform, a.Account)).Where(p => p is not null)
                .GroupBy(p => p).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            if (truth is not int person)
            {
                continue;
            }

            float[] inferred = [.. topics.Select(t => profile.Interests.FirstOrDefault(i => i.Name == t)?.Weight ?? 0f)];
            correlations.Add(Spearman(inferred, world.GroundTruth.TasteOf(person).ToArray()));
        }

        double mean = correlations.Average();
        output.WriteLine($"persons with >= 20 events: {correlations.Count}; mean Spearman {mean:F3}; median {correlations.Order().ElementAt(correlations.Count / 2):F3}");
        Assert.True(correlations.Count > 100, $"only {correlations.Count} persons with 20 events");
        Assert.True(mean >= 0.7, $"mean Spearman {mean:F3} < 0.7");
    }

    [Fact]
    public async Task BuildAsync_SyntheticWorld_ProfilesAreCompleteAndConsistent()
    {
        (SyntheticWorld world, ProfileModel model, IdentityGraph graph) = await s_built.Value;

        Assert.Equal(graph.PersonCount, model.Profiles.Count);
        foreach (UserProfile profile in model.Profiles.Take(500))
        {
            Assert.Equal(32, profile.BehaviourVector.Length);
            Assert.All(profile.BehaviourVector.ToArray(), v => Assert.True(float.IsFinite(v)));
            Assert.NotNull(profile.Segment);
            Assert.DoesNotContain(profile.Neighbours, n => n.Person == profile.Person);
            Assert.Equal(graph.AccountsOf(profile.Person), profile.Accounts);
            if (profile.Interests.Count > 0)
            {
                Assert.InRange(profile.Interests.Sum(i => i.Weight), 0.999f, 1.001f);
                Assert.All(profile.Interests, i => Assert.NotEmpty(i.Evidence));
            }

            int events = model.EventsOf(profile.Person).Length;
            Assert.Equal(events, profile.Activity.Sum(a => a.EventCount));
        }

        Assert.True(model.Matrix.ByPerson.NonZeroCount > 0);
        Assert.Equal(0, model.Matrix.UnknownAccountEvents);
    }

    [Fact]
    public async Task Update_TrainingPerson_FoldsInCloseToTrainedFactors()
    {
        (_, ProfileModel model, _) = await s_built.Value;
        var builder = new ProfileBuilder(new ProfileBuilderOptions { Factors = 32, Iterations = 8, Seed = 3 });
        UserProfile trained = model.Profiles.First(p => model.EventsOf(p.Person).Length >= 30);

        UserProfile folded = builder.Update(model, trained.Person, model.EventsOf(trained.Person).ToArray(), trained.Accounts);

        double cosine = Cosine(trained.BehaviourVector.Span, folded.BehaviourVector.Span);
        output.WriteLine($"cosine(trained, folded-in) = {cosine:F4}");
        Assert.True(cosine > 0.95, $"cosine {cosine:F4}");
        Assert.Equal(trained.Interests.Select(i => i.Name), folded.Interests.Select(i => i.Name));
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>Spearman's rho with average ranks for ties.</summary>
    internal static double Spearman(float[] x, float[] y)
    {
        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(float[] values)
    {
        int[] order = [.. Enumerable.Range(0, values.Length).OrderBy(i => values[i])];
        double[] ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}
