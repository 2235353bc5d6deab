// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Builds profiles: the interaction matrix, implicit-ALS behaviour vectors, k-means segments, nearest
/// neighbours, and readable time-decayed interests with evidence.</summary>
/// <remarks>
/// <para>The build is CPU-bound and runs on the calling thread and the thread pool (parallel loops bounded by
/// <see cref="ProfileBuilderOptions.MaxDegreeOfParallelism"/>); the returned task completes when it is done. The same
/// input and options give the same profiles.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class ProfileBuilder : IProfileBuilder
{
    private readonly ProfileBuilderOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ProfileBuilder"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public ProfileBuilder(ProfileBuilderOptions? options = null) => _options = options?.Clone() ?? new ProfileBuilderOptions();

    /// <summary>Gets a copy of the options in use.</summary>
    public ProfileBuilderOptions Options => _options.Clone();

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is <see langword="null"/>.</exception>
    public Task<ProfileModel> BuildAsync(ProfileBuildInput input, IProgress<ProfileBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(input);
        Throw.IfNull(input.Events);
        Throw.IfNull(input.Identities);
        Throw.IfNull(input.Catalog);
        return Task.FromResult(Build(input, progress, cancellationToken));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public UserProfile Update(ProfileModel model, PersonId person, IReadOnlyList<InteractionEvent> events, IReadOnlyList<AccountKey> accounts)
    {
        Throw.IfNull(model);
        Throw.IfNull(events);
        Throw.IfNull(accounts);
        InteractionEvent[] sorted = [.. events];
        Array.Sort(sorted, static (a, b) => a.Timestamp.CompareTo(b.Timestamp));

        // Sum the weights per known item column, positive part only, as in the matrix the factors were trained on.
        var sums = new SortedDictionary<int, float>();
        foreach (InteractionEvent e in sorted)
        {
            if (model.Matrix.TryGetColumn(new ItemKey(e.Platform, e.Item), out int column) && column < model.Factors.Items)
            {
                sums[column] = sums.GetValueOrDefault(column) + model.Weights.Weight(in e, model.AsOf);
            }
        }

        var columns = new List<int>(sums.Count);
        var values = new List<float>(sums.Count);
        foreach (KeyValuePair<int, float> pair in sums)
        {
            if (pair.Value > 0f)
            {
                columns.Add(pair.Key);
                values.Add(pair.Value);
            }
        }

        float[] vector = new float[model.Factors.Rank];
        model.Factors.FoldIn(columns.ToArray(), values.ToArray(), vector);
        int? segment = model.Segments?.Assign(vector);
        Neighbour[] neighbours = [];
        if (_options.Neighbours > 0 && model.Factors.Users > 0)
        {
            var knn = new NearestNeighbors(new NearestNeighborsOptions
            {
                Neighbors = Math.Min(_options.Neighbours + 1, model.Factors.Users),
                ExcludeSelf = false,
                MaxDegreeOfParallelism = 1,
            });
            NeighborList found = knn.Query(vector, model.Factors.UserFactors, model.Factors.Rank);
            neighbours = ToNeighbours(found, 0, model.Matrix.Persons, person, _options.Neighbours);
        }

        var profiler = new InterestProfiler(model.Catalog, model.Weights, _options.MaxInterests, _options.EvidencePerInterest);
        return new UserProfile(person)
        {
            Accounts = [.. accounts],
            Activity = InterestProfiler.Activity(sorted),
            Interests = profiler.Interests(sorted, model.AsOf),
            BehaviourVector = vector,
            Segment = segment,
            Neighbours = neighbours,
            AsOf = model.AsOf,
        };
    }

    private ProfileModel Build(ProfileBuildInput input, IProgress<ProfileBuildProgress>? progress, CancellationToken cancellationToken)
    {
        DateTimeOffset asOf = input.AsOf ?? _options.TimeProvider.GetUtcNow();
        progress?.Report(new ProfileBuildProgress("matrix", 0, 1));
        (InteractionMatrix matrix, InteractionEvent[] events, int[] offsets) = BuildMatrix(input.Events, input.Identities, _options.SignalWeights, asOf, input.Catalog, cancellationToken);
        progress?.Report(new ProfileBuildProgress("matrix", 1, 1));

        var als = new ImplicitAlsTrainer(new ImplicitAlsOptions
        {
            Factors = _options.Factors,
            Iterations = _options.Iterations,
            Regularization = _options.Regularization,
            Alpha = _options.Alpha,
            Seed = _options.Seed,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
        });
        IProgress<AlsProgress>? alsProgress = progress is null ? null
            : new SyncProgress<AlsProgress>(p => progress.Report(new ProfileBuildProgress("factors", p.Iteration, p.Iterations)));
        ImplicitAlsModel factors = als.Fit(matrix.ByPerson, alsProgress, cancellationToken);

        int persons = matrix.Persons.Count;
        KMeansModel? segments = null;
        if (persons >= 2)
        {
            progress?.Report(new ProfileBuildProgress("segments", 0, 1));
            segments = new KMeansTrainer(new KMeansOptions
            {
                Clusters = Math.Min(_options.Segments, persons),
                Seed = _options.Seed,
                MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
            }).Fit(factors.UserFactors, factors.Rank, progress: null, cancellationToken);
            progress?.Report(new ProfileBuildProgress("segments", 1, 1));
        }

        NeighborList? neighbours = null;
        if (_options.Neighbours > 0 && persons >= 2)
        {
            progress?.Report(new ProfileBuildProgress("neighbours", 0, 1));
            neighbours = new NearestNeighbors(new NearestNeighborsOptions
            {
                Neighbors = Math.Min(_options.Neighbours, persons - 1),
                ExcludeSelf = true,
                MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
            }).Search(factors.UserFactors, factors.Rank, cancellationToken);
            progress?.Report(new ProfileBuildProgress("neighbours", 1, 1));
        }

        var profiles = new UserProfile[persons];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        ReadOnlyMemory<float> userFactors = factors.UserFactors;
        int rank = factors.Rank;
        ReadOnlyMemory<int> labels = segments?.Labels ?? ReadOnlyMemory<int>.Empty;
        Parallel.For(0, persons, parallel,
            () => new InterestProfiler(input.Catalog, _options.SignalWeights, _options.MaxInterests, _options.EvidencePerInterest),
            (row, _, profiler) =>
            {
                ReadOnlySpan<InteractionEvent> own = events.AsSpan(offsets[row], offsets[row + 1] - offsets[row]);
                PersonId person = matrix.Persons[row];
                profiles[row] = new UserProfile(person)
                {
                    Accounts = input.Identities.AccountsOf(person),
                    Activity = InterestProfiler.Activity(own),
                    Interests = profiler.Interests(own, asOf),
                    BehaviourVector = userFactors.Slice(row * rank, rank),
                    Segment = segments is null ? null : labels.Span[row],
                    Neighbours = neighbours is null ? [] : ToNeighbours(neighbours, row, matrix.Persons, person, _options.Neighbours),
                    AsOf = asOf,
                };
                int completed = Interlocked.Increment(ref done);
                if (progress is not null && (completed % 4096 == 0 || completed == persons))
                {
                    progress.Report(new ProfileBuildProgress("profiles", completed, persons));
                }

                return profiler;
            },
            static _ => { });

        return new ProfileModel(profiles, events, offsets, matrix, factors, segments, input.Catalog, _options.SignalWeights, asOf);
    }

    /// <summary>Builds the interaction matrix and groups the events by person row (the build's first stage).</summary>
    internal static (InteractionMatrix Matrix, InteractionEvent[] Events, int[] Offsets) BuildMatrix(IReadOnlyList<InteractionEvent> events, IdentityGraph identities,
        SignalWeights? weights, DateTimeOffset asOf, ItemCatalog? catalog, CancellationToken cancellationToken)
    {
        int[] rows = new int[events.Count];
        InteractionMatrix matrix = InteractionMatrix.Build(events, identities, weights, asOf, catalog, rows, cancellationToken);
        (InteractionEvent[] grouped, int[] offsets) = GroupByPerson(events, rows, matrix.Persons.Count);
        return (matrix, grouped, offsets);
    }

    private static Neighbour[] ToNeighbours(NeighborList list, int query, IReadOnlyList<PersonId> persons, PersonId self, int max)
    {
        ReadOnlySpan<int> indices = list.IndicesOf(query);
        ReadOnlySpan<float> similarities = list.SimilaritiesOf(query);
        var result = new List<Neighbour>(Math.Min(max, indices.Length));
        for (int i = 0; i < indices.Length && result.Count < max; i++)
        {
            if (indices[i] >= 0 && persons[indices[i]] != self)
            {
                result.Add(new Neighbour(persons[indices[i]], similarities[i]));
            }
        }

        return [.. result];
    }

    /// <summary>Orders the events by person row (counting sort; stable, so each person's events keep their time order).</summary>
    /// <param name="events">The events.</param>
    /// <param name="row">Each event's row from the matrix build, -1 for an unknown account.</param>
    /// <param name="persons">The number of rows.</param>
    private static (InteractionEvent[] Events, int[] Offsets) GroupByPerson(IReadOnlyList<InteractionEvent> events, int[] row, int persons)
    {
        int[] counts = new int[persons + 1];
        for (int i = 0; i < events.Count; i++)
        {
            if (row[i] >= 0)
            {
                counts[row[i] + 1]++;
            }
        }

        for (int p = 0; p < persons; p++)
        {
            counts[p + 1] += counts[p];
        }

        int[] offsets = (int[])counts.Clone();
        var grouped = new InteractionEvent[counts[persons]];
        int[] next = counts;
        for (int i = 0; i < events.Count; i++)
        {
            if (row[i] >= 0)
            {
                grouped[next[row[i]]++] = events[i];
            }
        }

        for (int p = 0; p < persons; p++)
        {
            Span<InteractionEvent> own = grouped.AsSpan(offsets[p], offsets[p + 1] - offsets[p]);
            bool sorted = true;
            for (int i = 1; i < own.Length && sorted; i++)
            {
                sorted = own[i - 1].Timestamp <= own[i].Timestamp;
            }

            if (!sorted)
            {
                // Cleaned events arrive in time order, so this is rare; a stable order keeps builds reproducible.
                InteractionEvent[] copy = own.ToArray();
                int[] order = new int[copy.Length];
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }

                Array.Sort(order, (a, b) => copy[a].Timestamp != copy[b].Timestamp ? copy[a].Timestamp.CompareTo(copy[b].Timestamp) : a.CompareTo(b));
                for (int i = 0; i < order.Length; i++)
                {
                    own[i] = copy[order[i]];
                }
            }
        }

        return (grouped, offsets);
    }

    /// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
