// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>Forgetting a person on a small synthetic world: no trace of them remains in the identity graph, the
/// model, the serialized outputs, the recommenders or the caches, and what is re-solved equals an independent solve.</summary>
[Trait("Category", "Integration")]
public sealed class ForgetPersonTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<World>> s_world = new(World.BuildAsync);

    [Fact]
    public async Task EraseAsync_Graph_HoldsNoAccountHashOrLinkOfThePerson()
    {
        World w = await s_world.Value;
        IdentityGraph graph = w.Erasure.Identities;

        Assert.Equal(w.Graph.PersonCount - 1, graph.PersonCount);
        Assert.DoesNotContain(w.Person, graph.Persons);
        Assert.Throws<ArgumentException>("person", () => graph.AccountsOf(w.Person));
        Assert.Throws<ArgumentException>("person", () => graph.Explain(w.Person));
        foreach (AccountKey account in w.Accounts)
        {
            Assert.False(graph.TryGetPerson(account.Platform, account.Account, out _));
            Assert.Throws<ArgumentException>("account", () => graph.GetHashes(account));
            Assert.DoesNotContain(account, graph.Accounts);
        }

        // Every other person keeps its id and accounts; no link of any of them names the person's accounts.
        foreach (PersonId other in graph.Persons)
        {
            Assert.Equal(w.Graph.AccountsOf(other), graph.AccountsOf(other));
            Assert.All(graph.Explain(other), link => Assert.True(!w.Accounts.Contains(link.First) && !w.Accounts.Contains(link.Second)));
        }

        // The person's hashes that no other account shares are gone; the rest are exactly the other accounts' hashes.
        HashSet<string> own = Hashes(w.Graph, w.Accounts);
        HashSet<string> othersBefore = Hashes(w.Graph, w.Graph.Accounts.Where(a => !w.Accounts.Contains(a)));
        HashSet<string> after = Hashes(graph, graph.Accounts);
        Assert.NotEmpty(own.Except(othersBefore));
        Assert.Empty(own.Except(othersBefore).Intersect(after));
        Assert.True(othersBefore.SetEquals(after));
        Assert.Equal(w.Accounts.Count, w.Erasure.Report.Accounts);
        Assert.Equal(w.Graph.LinkCount - graph.LinkCount, w.Erasure.Report.Links);
        Assert.True(w.Erasure.Report.Links > 0);
    }

    [Fact]
    public async Task EraseAsync_Model_HoldsNoProfileEventRowFactorOrSegmentOfThePerson()
    {
        World w = await s_world.Value;
        ProfileModel before = w.Model;
        ProfileModel after = w.Erasure.Model;
        ForgetReport report = w.Erasure.Report;
        Assert.True(before.Matrix.TryGetRow(w.Person, out int row));

        Assert.False(after.TryGetProfile(w.Person, out _));
        Assert.DoesNotContain(after.Profiles, p => p.Person == w.Person);
        Assert.True(after.EventsOf(w.Person).IsEmpty);
        Assert.False(after.Matrix.TryGetRow(w.Person, out _));
        Assert.DoesNotContain(w.Person, after.Matrix.Persons);
        Assert.Equal(before.Profiles.Count - 1, after.Profiles.Count);
        Assert.Equal(before.Factors.Users - 1, after.Factors.Users);
        Assert.Equal(after.Profiles.Count, after.Segments!.Labels.Length);

        // Other persons keep their profiles, events, factor rows and (when not listing the person) neighbour lists.
        int totalEvents = 0;
        for (int r = 0, to = 0; r < before.Profiles.Count; r++)
        {
            if (r == row)
            {
                continue;
            }

            UserProfile old = before.Profiles[r];
            UserProfile kept = after.Profiles[to];
            Assert.Equal(old.Person, kept.Person);
            Assert.Equal(old.Neighbours.Where(n => n.Person != w.Person), kept.Neighbours);
            Assert.Equal(before.EventsOf(old.Person).ToArray(), after.EventsOf(old.Person).ToArray());
            Assert.Equal(before.Factors.UserFactors.Slice(r * w.Rank, w.Rank).ToArray(), after.Factors.UserFactors.Slice(to * w.Rank, w.Rank).ToArray());
            Assert.Equal(after.Factors.UserFactors.Slice(to * w.Rank, w.Rank).ToArray(), kept.BehaviourVector.ToArray());
            Assert.Equal((int?)after.Segments!.Labels.Span[to], kept.Segment);
            totalEvents += after.EventsOf(old.Person).Length;
            to++;
        }

        Assert.All(after.Profiles, p => Assert.DoesNotContain(p.Neighbours, n => n.Person == w.Person));
        int listed = before.Profiles.Sum(p => p.Neighbours.Count(n => n.Person == w.Person));
        Assert.True(listed > 0, "the chosen person is nobody's neighbour, so the test could not fail");
        Assert.Equal(listed, report.NeighbourReferences);
        Assert.Equal(before.EventsOf(w.Person).Length, report.Events);
        Assert.Equal(before.Matrix.EventCount - report.Events, after.Matrix.EventCount);
        Assert.Equal(totalEvents, (int)after.Matrix.EventCount);
        Assert.Equal(before.Matrix.ByPerson.RowLength(row), report.MatrixEntries);
        Assert.Equal(before.Matrix.ByPerson.NonZeroCount - report.MatrixEntries, after.Matrix.ByPerson.NonZeroCount);
        Assert.Equal(before.Matrix.ByPerson.NonZeroCount - report.MatrixEntries, after.Matrix.ByItem.NonZeroCount);
        Assert.Equal(before.Matrix.Seen.NonZeroCount - report.SeenPairs, after.Matrix.Seen.NonZeroCount);
        Assert.Equal((int?)before.Segments!.Labels.Span[row], report.Segment);
        Assert.Equal(1, report.FactorRows);
        Assert.Equal(before.Factors.Items, report.ItemsResolved);
        Assert.Equal(0, report.SingularItems);

        // Every centroid is the mean of its remaining members.
        KMeansModel segments = after.Segments!;
        float[] x = after.Factors.UserFactors.ToArray();
        for (int c = 0; c < segments.Clusters; c++)
        {
            int[] members = [.. Enumerable.Range(0, segments.Labels.Length).Where(i => segments.Labels.Span[i] == c)];
            Assert.NotEmpty(members);
            for (int d = 0; d < w.Rank; d++)
            {
                double mean = members.Average(i => (double)x[(i * w.Rank) + d]);
                Tolerance.Equal(mean, segments.Centroids.Span[(c * w.Rank) + d], relative: 1e-6, absolute: 1e-7, what: $"centroid {c}, dimension {d}");
            }
        }
    }

    [Fact]
    public async Task EraseAsync_SerializedOutputs_ContainNoAccountRowOrHashOfThePerson()
    {
        World w = await s_world.Value;
        string json = string.Join('\n', w.Erasure.Model.Profiles.Select(ProfileJson.Serialize));
        string jsonBefore = string.Join('\n', w.Model.Profiles.Select(ProfileJson.Serialize));
        foreach (AccountKey account in w.Accounts)
        {
            string quoted = "\"" + account.Account.Value + "\"";
            Assert.Contains(quoted, jsonBefore, StringComparison.Ordinal);
            Assert.DoesNotContain(quoted, json, StringComparison.Ordinal);
        }

        // The person's factor row is in the old ALS file and not in the new one; the segment file holds one label fewer.
        byte[] row = Bytes(w.Model.Factors.UserFactors.Slice(w.Row * w.Rank, w.Rank).ToArray());
        Assert.True(Contains(Save(w.Model.Factors.Save), row));
        byte[] als = Save(w.Erasure.Model.Factors.Save);
        Assert.False(Contains(als, row));
        Assert.Equal(w.Erasure.Model.Factors.UserFactors.ToArray(), ImplicitAlsModel.Load(new MemoryStream(als)).UserFactors.ToArray());
        KMeansModel segments = KMeansModel.Load(new MemoryStream(Save(w.Erasure.Model.Segments!.Save)));
        Assert.Equal(w.Erasure.Model.Profiles.Count, segments.Labels.Length);

        // Explanations of the graph name none of the person's accounts or hashes.
        HashSet<string> own = Hashes(w.Graph, w.Accounts);
        foreach (PersonId other in w.Erasure.Identities.Persons)
        {
            foreach (IdentityLink link in w.Erasure.Identities.Explain(other))
            {
                Assert.DoesNotContain(link.First, w.Accounts);
                Assert.DoesNotContain(link.Second, w.Accounts);
            }
        }

        Assert.NotEmpty(own);
    }

    [Fact]
    public async Task Forget_Matrix_EqualsTheMatrixBuiltWithoutThePersonsEvents()
    {
        World w = await s_world.Value;
        InteractionMatrix expected = InteractionMatrix.Build(w.ReducedEvents, w.Erasure.Identities, w.Model.Weights, w.Model.AsOf, w.Model.Catalog);
        InteractionMatrix actual = w.Erasure.Model.Matrix;

        Assert.Equal(expected.Persons, actual.Persons);
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.EventCount, actual.EventCount);
        Assert.Equal(expected.UnknownAccountEvents, actual.UnknownAccountEvents);
        foreach ((SparseMatrix e, SparseMatrix a) in new[] { (expected.ByPerson, actual.ByPerson), (expected.ByItem, actual.ByItem), (expected.Seen, actual.Seen) })
        {
            Assert.Equal(e.Rows, a.Rows);
            Assert.Equal(e.Columns, a.Columns);
            Assert.Equal(e.RowPointers.ToArray(), a.RowPointers.ToArray());
            Assert.Equal(e.ColumnIndices.ToArray(), a.ColumnIndices.ToArray());
            Assert.Equal(e.Values.ToArray(), a.Values.ToArray());
        }
    }

    [Fact]
    public async Task EraseAsync_ItemOnlyThePersonKnew_IsDroppedWithItsFactors()
    {
        World w = await s_world.Value;
        AccountKey account = w.Accounts.OrderBy(a => a.ToString(), StringComparer.Ordinal).First();
        AccountKey otherAccount = w.Graph.AccountsOf(w.Other.Person)[0];
        DateTimeOffset at = w.Model.AsOf.AddDays(-1);
        InteractionEvent[] events =
        [
            .. w.Events,
            new InteractionEvent(account.Platform, account.Account, "forget-probe", EventKind.Purchase, at),
            new InteractionEvent(otherAccount.Platform, otherAccount.Account, "kept-probe", EventKind.Purchase, at),
        ];
        ProfileModel model = await World.Builder().BuildAsync(new ProfileBuildInput(events, w.Graph, w.Model.Catalog) { AsOf = w.Model.AsOf });
        var probe = new ItemKey(account.Platform, "forget-probe");
        Assert.True(model.Matrix.TryGetColumn(probe, out _));

        PersonErasure erasure = await PersonEraser.EraseAsync(w.Person, w.Graph, model);
        InteractionMatrix after = erasure.Model.Matrix;
        Assert.False(after.TryGetColumn(probe, out _));
        Assert.True(after.TryGetColumn(new ItemKey(otherAccount.Platform, "kept-probe"), out _));
        Assert.Equal(1, erasure.Report.ItemsRemoved);
        Assert.Equal(model.Matrix.Items.Count - 1, after.Items.Count);
        Assert.Equal(after.Items.Count, erasure.Model.Factors.Items);
        Assert.Equal(after.Items.Count, erasure.Report.ItemsResolved);

        // Still equal to the matrix built without the person's events.
        InteractionEvent[] reduced = [.. events.Where(e => !w.Accounts.Contains(new AccountKey(e.Platform, e.Account)))];
        InteractionMatrix expected = InteractionMatrix.Build(reduced, erasure.Identities, model.Weights, model.AsOf, model.Catalog);
        Assert.Equal(expected.Items, after.Items);
        Assert.Equal(expected.ByPerson.ColumnIndices.ToArray(), after.ByPerson.ColumnIndices.ToArray());
        Assert.Equal(expected.ByPerson.Values.ToArray(), after.ByPerson.Values.ToArray());
        Assert.Equal(expected.ByItem.ColumnIndices.ToArray(), after.ByItem.ColumnIndices.ToArray());
        Assert.Equal(expected.Seen.ColumnIndices.ToArray(), after.Seen.ColumnIndices.ToArray());
    }

    [Fact]
    public async Task Forget_ItemFactors_EqualAnIndependentItemSolveAndChangeForTouchedItems()
    {
        World w = await s_world.Value;
        ProfileModel after = w.Erasure.Model;
        int k = w.Rank;
        float[] x = after.Factors.UserFactors.ToArray();
        double[] gram = new double[k * k];
        for (int u = 0; u < after.Factors.Users; u++)
        {
            for (int a = 0; a < k; a++)
            {
                for (int b = 0; b < k; b++)
                {
                    gram[(a * k) + b] += (double)x[(u * k) + a] * x[(u * k) + b];
                }
            }
        }

        int[] touched = w.Model.Matrix.ByPerson.RowColumns(w.Row).ToArray();
        Assert.Equal(touched.Length, w.Erasure.Report.TouchedItems);
        Assert.True(touched.Length >= 3, $"the person touched {touched.Length} items");
        int[] items = [.. touched, .. Enumerable.Range(0, after.Factors.Items).Where(j => j % 97 == 0)];
        double worst = 0;
        foreach (int item in items)
        {
            double[] reference = SolveItem(after, gram, x, item);
            float[] actual = after.Factors.ItemFactors.Slice(item * k, k).ToArray();
            double scale = Math.Max(1e-3, reference.Max(Math.Abs));
            for (int d = 0; d < k; d++)
            {
                worst = Math.Max(worst, Math.Abs(reference[d] - actual[d]) / scale);
            }
        }

        output.WriteLine($"{items.Length} items checked; worst relative difference {worst:E2}");
        Assert.True(worst < 1e-3, $"worst relative difference {worst:E2}");
        foreach (int item in touched)
        {
            float[] old = w.Model.Factors.ItemFactors.Slice(item * k, k).ToArray();
            float[] now = after.Factors.ItemFactors.Slice(item * k, k).ToArray();
            Assert.True(old.Zip(now).Max(p => Math.Abs(p.First - p.Second)) > 1e-6f, $"item {item} did not change");
        }
    }

    [Fact]
    public async Task EraseAsync_Recommenders_EqualThoseTrainedOnTheReducedData()
    {
        World w = await s_world.Value;
        ProfileBuilder builder = World.Builder();
        ProfileModel retrained = await builder.BuildAsync(new ProfileBuildInput(w.ReducedEvents, w.Erasure.Identities, w.Model.Catalog) { AsOf = w.Model.AsOf });
        var ease = new EaseRecommenderOptions { MinItemSupport = World.EaseSupport };
        (ModelRecommender Forgotten, ModelRecommender Retrained)[] pairs =
        [
            (new PopularityRecommender(w.Model).Rebuild(w.Erasure.Model), new PopularityRecommender(retrained)),
            (new PopularityRecommender(w.Model, new PopularityRecommenderOptions { Measure = PopularityMeasure.Persons }).Rebuild(w.Erasure.Model),
                new PopularityRecommender(retrained, new PopularityRecommenderOptions { Measure = PopularityMeasure.Persons })),
            (new ItemKnnRecommender(w.Model).Rebuild(w.Erasure.Model), new ItemKnnRecommender(retrained)),
            (w.Erasure.Recommenders.Single(), new EaseRecommender(retrained, ease)),
        ];

        Assert.Equal(((PopularityRecommender)pairs[0].Retrained).Scores.ToArray(), ((PopularityRecommender)pairs[0].Forgotten).Scores.ToArray());
        Assert.NotEqual(((PopularityRecommender)pairs[0].Retrained).Scores.ToArray(), new PopularityRecommender(w.Model).Scores.ToArray());
        int compared = 0;
        foreach ((ModelRecommender forgotten, ModelRecommender trained) in pairs)
        {
            Assert.Same(w.Erasure.Model, forgotten.Model);
            foreach (UserProfile profile in w.Erasure.Model.Profiles.Where((_, i) => i % 7 == 0))
            {
                RecommendationList a = forgotten.Recommend(profile);
                RecommendationList b = trained.Recommend(retrained.Profiles.Single(p => p.Person == profile.Person));
                if (a.Source != RecommendationSource.History && b.Source != RecommendationSource.History && forgotten is not PopularityRecommender)
                {
                    continue;   // cold-start routes read the ALS factors, which a retrain changes for everyone
                }

                Assert.Equal(b.Source, a.Source);
                Assert.Equal(b.Select(r => r.Item), a.Select(r => r.Item));
                Assert.Equal(b.Select(r => r.Score), a.Select(r => r.Score));
                compared++;
            }
        }

        output.WriteLine($"{compared} lists compared");
        Assert.True(compared > 20);
    }

    [Fact]
    public async Task EraseAsync_Caches_NoLongerHoldThePersonsEntries()
    {
        World w = await s_world.Value;
        Assert.Equal(2, w.Erasure.Report.CachedRecommendations);
        Assert.Equal(1, w.Erasure.Report.CachedInsights);
        Assert.Equal(1, w.Cache.Count);

        // Recommend again: a miss for the person, a hit for the other person.
        long misses = w.Cache.Misses;
        long hits = w.Cache.Hits;
        _ = await w.Cache.RecommendAsync(w.Profile);
        Assert.Equal(misses + 1, w.Cache.Misses);
        _ = await w.Cache.RecommendAsync(w.Other);
        Assert.Equal(hits + 1, w.Cache.Hits);

        // Enrich again: the model is called.
        int calls = w.Chat.Calls;
        EnrichmentResult again = await w.Enricher.EnrichAsync(w.Request);
        Assert.Equal(EnrichmentOutcome.Enriched, again.Outcome);
        Assert.Equal(calls + 1, w.Chat.Calls);
        Assert.False(await w.Enricher.ForgetAsync(new EnrichmentRequest(w.Other, [], w.Model.Catalog)));
    }

    [Property(MaxTest = 5)]
    public Property Forget_AnyOrder_GivesTheSameModel()
    {
        ProfileModel model = Task.Run(() => s_world.Value).GetAwaiter().GetResult().Model;
        int n = model.Profiles.Count;
        Gen<(int[] Persons, int[] Order)> gen =
            from a in Gen.Choose(0, n - 1)
            from b in Gen.Choose(0, n - 1)
            from c in Gen.Choose(0, n - 1)
            where a != b && b != c && a != c
            from order in Gen.Elements(new[] { 1, 0, 2 }, new[] { 2, 1, 0 }, new[] { 1, 2, 0 }, new[] { 2, 0, 1 }, new[] { 0, 2, 1 })
            select (new[] { a, b, c }, order);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            PersonId[] persons = [.. t.Persons.Select(i => model.Profiles[i].Person)];
            ProfileModel first = persons.Aggregate(model, (m, p) => m.Forget(p));
            ProfileModel second = t.Order.Aggregate(model, (m, i) => m.Forget(persons[i]));
            string difference = Difference(first, second);
            return (difference.Length == 0).Label($"forgetting [{string.Join(", ", persons)}] in order [{string.Join(", ", t.Order)}]: {difference}");
        });
    }

    [Fact]
    public void KMeansWithoutRow_LastMemberOfASegment_DropsTheSegmentAndRecomputesMeans()
    {
        // Four rows in three segments; the centroids are stale (not the members' means), as after an early stop.
        var model = new KMeansModel(3, 2, [9f, 9f, 0.5f, 0.5f, 4f, 4f], [0, 1, 1, 2], iterations: 7, history: [50, 40]);
        float[] remaining = [0f, 0f, 2f, 0f, 5f, 5f];

        KMeansModel? after = model.WithoutRow(0, remaining, out int[] map);

        Assert.NotNull(after);
        Assert.Equal([-1, 0, 1], map);
        Assert.Equal(2, after.Clusters);
        Assert.Equal([0, 0, 1], after.Labels.ToArray());
        Assert.Equal([1f, 0f, 5f, 5f], after.Centroids.ToArray());
        Assert.Equal([2d], after.InertiaHistory);
        Assert.Equal(7, after.Iterations);
        Assert.Null(new KMeansModel(1, 2, [1f, 1f], [0], 1, [0]).WithoutRow(0, [], out _));
    }

    [Fact]
    public async Task Forget_BadArguments_Throw()
    {
        World w = await s_world.Value;
        Assert.Throws<ArgumentException>("person", () => w.Erasure.Model.Forget(w.Person));
        Assert.Throws<ArgumentException>("person", () => w.Model.Forget(new PersonId(int.MaxValue)));
        await Assert.ThrowsAsync<ArgumentNullException>("identities", () => PersonEraser.EraseAsync(w.Person, null!, w.Model));
        await Assert.ThrowsAsync<ArgumentNullException>("model", () => PersonEraser.EraseAsync(w.Person, w.Graph, null!));
        await Assert.ThrowsAsync<ArgumentException>("model", () => PersonEraser.EraseAsync(w.Other.Person, w.Graph, w.Erasure.Model.Forget(w.Other.Person)));
        await Assert.ThrowsAsync<ArgumentNullException>("request", () => w.Enricher.ForgetAsync(null!));
        Assert.Throws<ArgumentNullException>("model", () => new FactorRecommender(w.Model).Rebuild(null!));
        Assert.Throws<ArgumentNullException>("value", () => new PersonEraserOptions { Recommenders = null! });
    }

    private static string Difference(ProfileModel a, ProfileModel b)
    {
        var problems = new List<string>();
        void Check(bool same, string what)
        {
            if (!same)
            {
                problems.Add(what);
            }
        }

        Check(a.Matrix.Persons.SequenceEqual(b.Matrix.Persons), "persons");
        Check(a.Matrix.ByPerson.Values.SequenceEqual(b.Matrix.ByPerson.Values) && a.Matrix.ByPerson.ColumnIndices.SequenceEqual(b.Matrix.ByPerson.ColumnIndices), "matrix");
        Check(a.Factors.UserFactors.Span.SequenceEqual(b.Factors.UserFactors.Span), "user factors");
        Check(a.Factors.ItemFactors.Span.SequenceEqual(b.Factors.ItemFactors.Span), "item factors");
        Check(a.Segments!.Centroids.Span.SequenceEqual(b.Segments!.Centroids.Span) && a.Segments.Labels.Span.SequenceEqual(b.Segments.Labels.Span), "segments");
        Check(a.Profiles.Select(p => (p.Person, p.Segment)).SequenceEqual(b.Profiles.Select(p => (p.Person, p.Segment))), "profile segments");
        Check(a.Profiles.Zip(b.Profiles).All(p => p.First.Neighbours.SequenceEqual(p.Second.Neighbours)), "neighbours");
        Check(a.Profiles.All(p => a.EventsOf(p.Person).SequenceEqual(b.EventsOf(p.Person))), "events");
        return string.Join(", ", problems);
    }

    /// <summary>Solves <c>(XᵀX + lambda I + sum_u alpha r_ui x_u x_uᵀ) y = sum_u (1 + alpha r_ui) x_u</c> by Gaussian elimination.</summary>
    private static double[] SolveItem(ProfileModel model, double[] gram, float[] x, int item)
    {
        int k = model.Factors.Rank;
        double alpha = model.Factors.Alpha;
        var a = (double[])gram.Clone();
        var b = new double[k];
        for (int d = 0; d < k; d++)
        {
            a[(d * k) + d] += model.Factors.Regularization;
        }

        ReadOnlySpan<int> users = model.Matrix.ByItem.RowColumns(item);
        ReadOnlySpan<float> values = model.Matrix.ByItem.RowValues(item);
        for (int e = 0; e < users.Length; e++)
        {
            double c = alpha * values[e];
            int u = users[e];
            for (int p = 0; p < k; p++)
            {
                b[p] += (1 + c) * x[(u * k) + p];
                for (int q = 0; q < k; q++)
                {
                    a[(p * k) + q] += c * x[(u * k) + p] * x[(u * k) + q];
                }
            }
        }

        for (int col = 0; col < k; col++)
        {
            int pivot = Enumerable.Range(col, k - col).MaxBy(r => Math.Abs(a[(r * k) + col]));
            for (int j = 0; j < k; j++)
            {
                (a[(col * k) + j], a[(pivot * k) + j]) = (a[(pivot * k) + j], a[(col * k) + j]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (int r = col + 1; r < k; r++)
            {
                double f = a[(r * k) + col] / a[(col * k) + col];
                for (int j = col; j < k; j++)
                {
                    a[(r * k) + j] -= f * a[(col * k) + j];
                }

                b[r] -= f * b[col];
            }
        }

        var y = new double[k];
        for (int r = k - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int j = r + 1; j < k; j++)
            {
                sum -= a[(r * k) + j] * y[j];
            }

            y[r] = sum / a[(r * k) + r];
        }

        return y;
    }

    private static HashSet<string> Hashes(IdentityGraph graph, IEnumerable<AccountKey> accounts)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (AccountKey account in accounts)
        {
            AccountHashes h = graph.GetHashes(account);
            hashes.UnionWith(h.Devices);
            if (h.Email is not null)
            {
                hashes.Add(h.Email);
            }

            if (h.Phone is not null)
            {
                hashes.Add(h.Phone);
            }
        }

        return hashes;
    }

    private static byte[] Save(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The world, the person forgotten, and the services warmed before the erasure.</summary>
    private sealed class World
    {
        public const int EaseSupport = 3;

        public required IdentityGraph Graph { get; init; }

        public required ProfileModel Model { get; init; }

        public required PersonId Person { get; init; }

        public required int Row { get; init; }

        public required int Rank { get; init; }

        public required HashSet<AccountKey> Accounts { get; init; }

        public required InteractionEvent[] ReducedEvents { get; init; }

        public required IReadOnlyList<InteractionEvent> Events { get; init; }

        public required UserProfile Profile { get; init; }

        public required UserProfile Other { get; init; }

        public required CachingRecommender Cache { get; init; }

        public required TestChatClient Chat { get; init; }

        public required ChatProfileEnricher Enricher { get; init; }

        public required EnrichmentRequest Request { get; init; }

        public required PersonErasure Erasure { get; init; }

        public static ProfileBuilder Builder() => new(new ProfileBuilderOptions { Factors = 16, Iterations = 6, Segments = 8, Seed = 3, MaxDegreeOfParallelism = 2 });

        public static async Task<World> BuildAsync()
        {
            SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 300, Seed = 11 });
            CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
            IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "forget", Seed = 1 }).ResolveAsync(world.Accounts);
            ProfileModel model = await Builder().BuildAsync(new ProfileBuildInput(clean.Events, graph, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });

            // The person: linked accounts on two or more platforms, listed as a neighbour by the most other profiles.
            var listedBy = model.Profiles.SelectMany(p => p.Neighbours).GroupBy(n => n.Person).ToDictionary(g => g.Key, g => g.Count());
            UserProfile profile = model.Profiles
                .Where(p => graph.AccountsOf(p.Person).Select(a => a.Platform).Distinct().Count() >= 2 && graph.Explain(p.Person).Count > 0)
                .OrderByDescending(p => listedBy.GetValueOrDefault(p.Person)).ThenBy(p => p.Person.Value).First();
            PersonId person = profile.Person;
            Assert.True(model.Matrix.TryGetRow(person, out int row));
            var accounts = graph.AccountsOf(person).ToHashSet();
            UserProfile other = model.Profiles.First(p => p.Person != person && model.EventsOf(p.Person).Length > 0);

            // A cached recommender holding two lists of the person and one of another person.
            var cache = new CachingRecommender(new EaseRecommender(model, new EaseRecommenderOptions { MinItemSupport = EaseSupport }));
            _ = await cache.RecommendAsync(profile);
            _ = await cache.RecommendAsync(profile, new RecommendationOptions { Count = 3 });
            _ = await cache.RecommendAsync(other);

            // An enricher whose cache holds the person's insight.
            string[] vocabulary = [.. world.Topics.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase)];
            var chat = TestChatClient.Answering(new JsonObject
            {
                ["summary"] = "Follows a few topics across platforms.",
                ["interests"] = new JsonArray(new JsonObject { ["tag"] = vocabulary[0], ["weight"] = 0.7 }),
                ["confidence"] = 0.6,
            }.ToJsonString());
            var enricher = new ChatProfileEnricher(new ChatProfileEnricherOptions(chat)
            {
                Vocabulary = vocabulary,
                Cache = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())),
            });
            var request = new EnrichmentRequest(profile, model.EventsOf(person).ToArray(), model.Catalog);
            Assert.Equal(EnrichmentOutcome.Enriched, (await enricher.EnrichAsync(request)).Outcome);
            Assert.Equal(EnrichmentOutcome.FromCache, (await enricher.EnrichAsync(request)).Outcome);
            Assert.Equal(1, chat.Calls);

            PersonErasure erasure = await PersonEraser.EraseAsync(person, graph, model, new PersonEraserOptions
            {
                Recommenders = { cache },
                Enricher = enricher,
            });

            return new World
            {
                Graph = graph,
                Model = model,
                Person = person,
                Row = row,
                Rank = model.Factors.Rank,
                Accounts = accounts,
                Events = clean.Events,
                ReducedEvents = [.. clean.Events.Where(e => !accounts.Contains(new AccountKey(e.Platform, e.Account)))],
                Profile = profile,
                Other = other,
                Cache = cache,
                Chat = chat,
                Enricher = enricher,
                Request = request,
                Erasure = erasure,
            };
        }
    }
}
