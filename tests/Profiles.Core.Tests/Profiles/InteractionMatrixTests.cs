// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class InteractionMatrixTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ann has an account on "web" and one on "app" (same e-mail); Bo and Cy one each; "ghost" is not in the graph.</summary>
    private static Task<IdentityGraph> GraphAsync() =>
        new FellegiSunterResolver(new IdentityResolverOptions { Salt = "matrix-tests", Seed = 1 }).ResolveAsync(
        [
            new AccountRecord("web", "ann") { Email = "ann.lee@example.org", DisplayName = "Ann Lee", BirthYear = 1980 },
            new AccountRecord("web", "bo") { Email = "bo@example.org", DisplayName = "Bo Ek" },
            new AccountRecord("app", "ann-m") { Email = "Ann.Lee@Example.org", DisplayName = "Ann Lee", BirthYear = 1980 },
            new AccountRecord("app", "cy") { Email = "cy@example.org", DisplayName = "Cy Day" },
        ]);

    private static InteractionEvent Event(string platform, string account, string item, EventKind kind, int minute, float? value = null) =>
        new(platform, account, item, kind, s_start.AddMinutes(minute)) { Value = value };

    /// <summary>The matrix the old two-sort build produced: summed weights (positive part) and event counts from triplets.</summary>
    private static (SparseMatrix Weights, SparseMatrix Seen) Reference(IReadOnlyList<InteractionEvent> events, InteractionMatrix matrix, IdentityGraph graph,
        DateTimeOffset asOf)
    {
        var rows = new List<int>();
        var columns = new List<int>();
        var weights = new List<float>();
        foreach (InteractionEvent e in events)
        {
            if (graph.TryGetPerson(e.Platform, e.Account, out PersonId person) && matrix.TryGetRow(person, out int row))
            {
                Assert.True(matrix.TryGetColumn(new ItemKey(e.Platform, e.Item), out int column));
                rows.Add(row);
                columns.Add(column);
                weights.Add(SignalWeights.Default.Weight(in e, asOf));
            }
        }

        var ones = new float[rows.Count];
        Array.Fill(ones, 1f);
        SparseMatrix summed = SparseMatrix.FromTriplets(matrix.Persons.Count, matrix.Items.Count, rows.ToArray(), columns.ToArray(), weights.ToArray());
        SparseMatrix seen = SparseMatrix.FromTriplets(matrix.Persons.Count, matrix.Items.Count, rows.ToArray(), columns.ToArray(), ones);
        var positiveRows = new List<int>();
        var positiveColumns = new List<int>();
        var positiveValues = new List<float>();
        for (int r = 0; r < summed.Rows; r++)
        {
            ReadOnlySpan<int> c = summed.RowColumns(r);
            ReadOnlySpan<float> v = summed.RowValues(r);
            for (int p = 0; p < c.Length; p++)
            {
                if (v[p] > 0f)
                {
                    positiveRows.Add(r);
                    positiveColumns.Add(c[p]);
                    positiveValues.Add(v[p]);
                }
            }
        }

        return (SparseMatrix.FromTriplets(summed.Rows, summed.Columns, positiveRows.ToArray(), positiveColumns.ToArray(), positiveValues.ToArray()), seen);
    }

    private static void AssertSame(SparseMatrix expected, SparseMatrix actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.RowPointers.ToArray(), actual.RowPointers.ToArray());
        Assert.Equal(expected.ColumnIndices.ToArray(), actual.ColumnIndices.ToArray());
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
    }

    [Fact]
    public async Task Build_MixedEvents_MatchesTripletReferenceAndCountsUnknownAccounts()
    {
        IdentityGraph graph = await GraphAsync();
        InteractionEvent[] events =
        [
            Event("web", "ann", "w1", EventKind.View, 0),
            Event("app", "cy", "a1", EventKind.Purchase, 1),
            Event("web", "ghost", "w1", EventKind.View, 2),
            Event("app", "ann-m", "a1", EventKind.Click, 3),
            Event("web", "bo", "w2", EventKind.Rating, 4, 1f),   // a dislike: Bo's pair stays out of the weights
            Event("web", "ann", "w1", EventKind.Like, 5),         // a repeated pair: summed, counted twice
            Event("web", "ann", "w2", EventKind.View, 6),
            Event("app", "cy", "a2", EventKind.View, 7),
        ];
        DateTimeOffset asOf = s_start.AddDays(1);

        InteractionMatrix matrix = InteractionMatrix.Build(events, graph, weights: null, asOf);

        Assert.Equal(3, matrix.Persons.Count);
        Assert.Equal(1, matrix.UnknownAccountEvents);
        Assert.Equal(7, matrix.EventCount);
        (SparseMatrix weights, SparseMatrix seen) = Reference(events, matrix, graph, asOf);
        AssertSame(weights, matrix.ByPerson);
        AssertSame(seen, matrix.Seen);
        AssertSame(weights.Transpose(), matrix.ByItem);
        Assert.True(graph.TryGetPerson("app", "ann-m", out PersonId ann));
        Assert.True(matrix.TryGetRow(ann, out int annRow));
        Assert.True(matrix.TryGetColumn(new ItemKey("web", "w1"), out int w1));
        Assert.Equal(2f, matrix.Seen[annRow, w1]);
        Assert.Equal(6, matrix.Seen.NonZeroCount);
        Assert.Equal(5, matrix.ByPerson.NonZeroCount);
        Assert.Equal(0, matrix.SharedBytes);
    }

    [Fact]
    public async Task Build_OnlyPositiveEvents_WeightsShareTheSeenPattern()
    {
        IdentityGraph graph = await GraphAsync();
        InteractionEvent[] events =
        [
            Event("web", "bo", "w3", EventKind.View, 0),
            Event("web", "ann", "w1", EventKind.View, 1),
            Event("web", "bo", "w1", EventKind.Purchase, 2),
            Event("app", "ann-m", "a1", EventKind.Click, 3),
            Event("web", "bo", "w3", EventKind.Like, 4),
        ];
        DateTimeOffset asOf = s_start.AddDays(3);

        InteractionMatrix matrix = InteractionMatrix.Build(events, graph, weights: null, asOf);

        (SparseMatrix weights, SparseMatrix seen) = Reference(events, matrix, graph, asOf);
        AssertSame(weights, matrix.ByPerson);
        AssertSame(seen, matrix.Seen);
        Assert.True(matrix.ByPerson.ColumnIndices == matrix.Seen.ColumnIndices, "the column indices are one array");
        Assert.True(matrix.ByPerson.RowPointers == matrix.Seen.RowPointers, "the row pointers are one array");
        Assert.Equal((4L * 4) + (4L * (matrix.Persons.Count + 1)), matrix.SharedBytes);
    }
}
