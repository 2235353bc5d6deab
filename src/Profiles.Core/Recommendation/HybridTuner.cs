// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Chooses the weights of a <see cref="HybridRecommender"/> without touching test data: carves a seeded validation split
/// out of the TRAINING events (<see cref="EvaluationSplit.RandomPerUser"/>, <see cref="HybridTunerOptions.ValidationShare"/>
/// held out per user), builds profiles and the components from the rest, and scores every point of a grid over the
/// weight simplex by the mean NDCG@K of the validation users (those with history); the best point wins (ties: the first
/// in grid order). Build the final components on all the training events and pass <see cref="HybridTuning.Weights"/>.
/// </summary>
/// <remarks>
/// <para>The grid holds every weight vector whose entries are multiples of <see cref="HybridTunerOptions.GridStep"/> and sum
/// to 1, in lexicographic order. Each validation user's component scores are computed and normalised once and then
/// combined for every point, each combination ranked with <see cref="TopK.Select"/>.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class HybridTuner
{
    private readonly HybridTunerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="HybridTuner"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public HybridTuner(HybridTunerOptions? options = null) => _options = options?.Clone() ?? new HybridTunerOptions();

    /// <summary>Gets a copy of the options in use.</summary>
    public HybridTunerOptions Options => _options.Clone();

    /// <summary>Tunes the weights.</summary>
    /// <param name="training">The training data: events, identities and catalogue. Only these events are read.</param>
    /// <param name="components">Creates the components from a model (called once, on the validation model).</param>
    /// <param name="userKey">Maps an event to its user for the validation split; <see langword="null"/> for the person of
    /// the event's account in <see cref="ProfileBuildInput.Identities"/>.</param>
    /// <param name="cancellationToken">Cancels the tuning.</param>
    /// <returns>The chosen weights and the grid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="training"/> or <paramref name="components"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The training events leave no validation user, or the components are empty or
    /// do not serve the model they were created from.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<HybridTuning> TuneAsync(ProfileBuildInput training, Func<ProfileModel, IReadOnlyList<ModelRecommender>> components,
        Func<InteractionEvent, int>? userKey = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(training);
        Throw.IfNull(components);
        IdentityGraph identities = Throw.IfNull(training.Identities);
        userKey ??= e => identities.TryGetPerson(e.Platform, e.Account, out PersonId person) ? person.Value : -1;
        EvaluationSplit validation = EvaluationSplit.RandomPerUser(Throw.IfNull(training.Events), userKey,
            new EvaluationSplitOptions { Seed = _options.Seed, TrainRatio = 1 - _options.ValidationShare });
        if (validation.Users.Count == 0)
        {
            Throw.Argument(nameof(training), "The training events leave no validation user (every user has too few items to hold some out).");
        }

        ProfileBuildInput input = RecommenderTraining.InputOf(validation.Train, identities, training.Catalog);
        ProfileModel model = await new ProfileBuilder(_options.BuilderOptions).BuildAsync(input, null, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ModelRecommender> created = components(model) ?? throw new ArgumentException("The component factory returned null.", nameof(components));
        if (created.Count == 0)
        {
            Throw.Argument(nameof(components), "The component factory returned no component.");
        }

        var parts = new ModelRecommender[created.Count];
        var names = new string[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            parts[k] = created[k];
            if (parts[k] is null || !ReferenceEquals(parts[k].Model, model))
            {
                Throw.Argument(nameof(components), $"Component {k} is null or does not serve the model it was created from.");
            }

            names[k] = parts[k].Metadata.Name;
        }

        double[][] grid = Grid(parts.Length, (int)Math.Round(1d / _options.GridStep));
        double[] ones = new double[parts.Length];
        Array.Fill(ones, 1d);
        Dictionary<int, PersonId> persons = RecommenderRankingSystem.DefaultPersons(validation, identities);
        IReadOnlyList<int> users = validation.Users;
        var perUser = new double[users.Count][];
        int k10 = _options.Cutoff;
        ModelIndex index = ModelIndex.For(model);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, users.Count, parallel, u =>
        {
            int user = users[u];
            if (!persons.TryGetValue(user, out PersonId person) || !model.TryGetProfile(person, out UserProfile? profile))
            {
                return;
            }

            ReadOnlySpan<int> trainIndices = validation.TrainingItemIndices(user).Span;
            var seen = new ItemKey[trainIndices.Length];
            for (int i = 0; i < seen.Length; i++)
            {
                seen[i] = validation.Catalog[trainIndices[i]];
            }

            var request = new RecommendationRequest(index, profile, new RecommendationOptions { Count = k10, SeenItems = seen });
            if (!request.HasHistoryOnTarget)
            {
                return;
            }

            bool[] eligible = HybridRecommender.Eligible(request);
            float[]?[] normalized = HybridRecommender.NormalizedScores(parts, ones, request, eligible, _options.Normalization);
            var positives = new HashSet<ItemKey>(validation.TestPositives[user]);
            var combined = new float[index.Count];
            var top = new int[k10];
            var topScores = new float[k10];
            var hits = new bool[k10];
            var values = new double[grid.Length];
            for (int g = 0; g < grid.Length; g++)
            {
                HybridRecommender.Combine(normalized, grid[g], combined);
                int found = TopK.Select(combined, k10, top, topScores, request.Seen, request.AllowedSpan);
                Array.Clear(hits);
                for (int r = 0; r < found; r++)
                {
                    hits[r] = positives.Contains(index.Items[top[r]]);
                }

                values[g] = RankingMetrics.Ndcg(hits, positives.Count, k10);
            }

            perUser[u] = values;
        });

        var points = new HybridGridPoint[grid.Length];
        int scored = 0;
        var sums = new double[grid.Length];
        foreach (double[]? values in perUser)
        {
            if (values is not null)
            {
                scored++;
                for (int g = 0; g < sums.Length; g++)
                {
                    sums[g] += values[g];
                }
            }
        }

        if (scored == 0)
        {
            Throw.Argument(nameof(training), "No validation user could be scored (none has a profile with history in the validation model).");
        }

        int best = 0;
        for (int g = 0; g < grid.Length; g++)
        {
            points[g] = new HybridGridPoint(grid[g], sums[g] / scored);
            if (points[g].Ndcg > points[best].Ndcg)
            {
                best = g;
            }
        }

        return new HybridTuning(names, points, best, scored, k10, _options.Normalization, validation.Metadata);
    }

    /// <summary>Returns every vector of <paramref name="components"/> multiples of <c>1/parts</c> that sum to 1, lexicographically.</summary>
    internal static double[][] Grid(int components, int parts)
    {
        var result = new List<double[]>();
        var current = new int[components];
        void Fill(int position, int left)
        {
            if (position == components - 1)
            {
                current[position] = left;
                var weights = new double[components];
                for (int k = 0; k < components; k++)
                {
                    weights[k] = (double)current[k] / parts;
                }

                result.Add(weights);
                return;
            }

            for (int v = 0; v <= left; v++)
            {
                current[position] = v;
                Fill(position + 1, left - v);
            }
        }

        Fill(0, parts);
        return [.. result];
    }
}
