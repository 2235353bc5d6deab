// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>
/// Picks the fusion's <c>alpha</c>, <c>lambda</c> and step limit (and, with <see cref="FusionTunerOptions.Ridges"/>, the
/// text projection's ridge) on a validation split carved from the training events
/// only: a seeded random split per person holds out <see cref="FusionTunerOptions.ValidationFraction"/> of each person's
/// training items (or, with <see cref="FusionTunerOptions.Protocol"/> set to <see cref="SplitKind.CrossPlatformColdStart"/>,
/// a quarter of the multi-platform persons lose one platform, whose items alone are then ranked; with
/// <see cref="SplitKind.ColdStartUsers"/>, a seeded share of the persons keep only a few training items), profiles are built on the rest, a seeded sample of validation persons is enriched and embedded once,
/// and every setting of the grid is fused and scored by NDCG@K (recall@K beside it) against the held-out items. The
/// behaviour-only setting (<see cref="FusionTuningResult.BehaviourOnly"/>: text prior 0 and <c>lambda</c> 0, which
/// leaves the behaviour vectors unchanged) is always a candidate, so when text does not help on validation the tuner
/// picks no text rather than the least harmful fusion.
/// </summary>
/// <remarks>
/// <para>No test event is read: pass the same training events the final model is built from. The behaviour vectors alone
/// are scored too, so the result says whether any setting beats no fusion (<see cref="FusionTuningResult.FusionHelps"/>).
/// Ranking excludes each person's validation-training items and uses the one top-K kernel (<see cref="TopK.Search"/>).</para>
/// <para>The result depends only on the input, the services and the options. Instances are immutable after construction
/// and thread-safe when the services are.</para>
/// </remarks>
public sealed class FusionTuner
{
    private readonly IProfileBuilder _builder;
    private readonly IProfileEnricher _enricher;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly FusionTunerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="FusionTuner"/> class.</summary>
    /// <param name="builder">Builds the validation model (use the settings of the final model).</param>
    /// <param name="enricher">Enriches the validation persons (the enricher of the final run).</param>
    /// <param name="embeddingGenerator">Embeds item texts and insights.</param>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="enricher"/> or
    /// <paramref name="embeddingGenerator"/> is <see langword="null"/>.</exception>
    public FusionTuner(IProfileBuilder builder, IProfileEnricher enricher, IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        FusionTunerOptions? options = null)
    {
        _builder = Throw.IfNull(builder);
        _enricher = Throw.IfNull(enricher);
        _generator = Throw.IfNull(embeddingGenerator);
        _options = options?.Clone() ?? new FusionTunerOptions();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public FusionTunerOptions Options => _options.Clone();

    /// <summary>Tunes the fusion settings on a validation split of <paramref name="training"/>.</summary>
    /// <param name="training">The training events, identities and catalogue (the input of the final build).</param>
    /// <param name="progress">Receives progress per stage; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the tuning.</param>
    /// <returns>Every setting with its validation metric, and the best.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="training"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No person has enough distinct items (or, for cold start, platforms) to hold some out for validation.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FusionTuningResult> TuneAsync(ProfileBuildInput training, IProgress<FusionTuningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(training);
        IdentityGraph identities = training.Identities;
        Func<InteractionEvent, int> person = e => identities.TryGetPerson(e.Platform, e.Account, out PersonId id) ? id.Value : -1;
        EvaluationSplit split = _options.Protocol switch
        {
            SplitKind.CrossPlatformColdStart => EvaluationSplit.CrossPlatformColdStart(training.Events, person, new EvaluationSplitOptions { Seed = _options.Seed }),
            SplitKind.ColdStartUsers => EvaluationSplit.ColdStartUsers(training.Events, person,
                new EvaluationSplitOptions { Seed = _options.Seed, ColdStartFraction = _options.ValidationFraction, ColdStartKeep = _options.ColdStartKeep }),
            _ => EvaluationSplit.RandomPerUser(training.Events, person, new EvaluationSplitOptions { Seed = _options.Seed, TrainRatio = 1 - _options.ValidationFraction }),
        };
        if (split.Users.Count == 0)
        {
            Throw.Argument(nameof(training), _options.Protocol == SplitKind.CrossPlatformColdStart
                ? "No person is active on two platforms, so none can be held out of one for cold-start validation."
                : "No person has enough distinct items to hold some out for validation.");
        }

        progress?.Report(new FusionTuningProgress("profiles", 0, 1));
        ProfileModel model = await _builder.BuildAsync(training with { Events = split.Train }, null, cancellationToken).ConfigureAwait(false);
        progress?.Report(new FusionTuningProgress("profiles", 1, 1));

        // A seeded sample of the validation persons that have a profile.
        var candidates = new List<int>(split.Users.Count);
        foreach (int user in split.Users)
        {
            if (model.Matrix.TryGetRow(new PersonId(user), out _))
            {
                candidates.Add(user);
            }
        }

        int[] users = [.. candidates];
        if (users.Length > _options.MaxValidationPersons)
        {
            new DeterministicRandom((ulong)(uint)_options.Seed).Shuffle(users.AsSpan());
            users = users[.._options.MaxValidationPersons];
            Array.Sort(users);
        }

        int[] rows = new int[users.Length];
        for (int i = 0; i < users.Length; i++)
        {
            _ = model.Matrix.TryGetRow(new PersonId(users[i]), out rows[i]);
        }

        // Enrich only the sampled persons; the others stay without an insight, so fusion skips them.
        var requests = new EnrichmentRequest[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            UserProfile profile = model.Profiles[rows[i]];
            requests[i] = new EnrichmentRequest(profile, model.EventsOf(profile.Person).ToArray(), training.Catalog);
        }

        var enrichProgress = progress is null ? null : new ForwardProgress<EnrichmentProgress>(p => progress.Report(new FusionTuningProgress("enrichment", p.Completed, p.Total)));
        EnrichmentBatchResult enriched = await _enricher.EnrichBatchAsync(requests, null, enrichProgress, cancellationToken).ConfigureAwait(false);
        var profiles = new UserProfile[model.Profiles.Count];
        for (int p = 0; p < profiles.Length; p++)
        {
            profiles[p] = model.Profiles[p] with { Insight = null };
        }

        for (int i = 0; i < rows.Length; i++)
        {
            profiles[rows[i]] = enriched.Results[i].Profile;
        }

        var positives = new HashSet<ItemKey>[users.Length];
        for (int i = 0; i < users.Length; i++)
        {
            positives[i] = [.. split.TestPositives[users[i]]];
        }

        TopKSeenItems seen = SeenItems(model, rows);
        PlatformId?[] targets = new PlatformId?[users.Length];
        for (int i = 0; i < users.Length; i++)
        {
            targets[i] = split.TargetPlatforms.TryGetValue(users[i], out PlatformId target) ? (PlatformId?)target : null;
        }

        Dictionary<PlatformId, ulong[]> allowLists = AllowLists(model, targets);
        IReadOnlyList<double> ridges = _options.Ridges.Count > 0 ? _options.Ridges : [_options.Fuser.Projection.Ridge];
        double behaviourNdcg = 0, behaviourRecall = 0;
        IReadOnlyList<double> priors = _options.TextPriors;
        int total = ridges.Count * priors.Count * _options.Alphas.Count * _options.Lambdas.Count * _options.Steps.Count;
        var trials = new List<FusionTrial>(total);
        FusionTrial? best = null, behaviourOnly = null;
        for (int r = 0; r < ridges.Count; r++)
        {
            ProfileFuserOptions ridgeOptions = _options.Fuser.Clone();
            ridgeOptions.Projection.Ridge = ridges[r];
            var baseFuser = new ProfileFuser(_generator, ridgeOptions);
            progress?.Report(new FusionTuningProgress("embedding", r, ridges.Count));
            TextProjection projection = await baseFuser.FitProjectionAsync(model, null, cancellationToken).ConfigureAwait(false);
            ProfileModel embedded = await baseFuser.EmbedAsync(model.WithProfiles(profiles), projection, null, cancellationToken).ConfigureAwait(false);
            progress?.Report(new FusionTuningProgress("embedding", r + 1, ridges.Count));
            if (r == 0)
            {
                (behaviourNdcg, behaviourRecall) = Score(model, embedded.Profiles, rows, positives, seen, targets, allowLists, static p => p.BehaviourVector);

                // Text prior 0 with lambda 0 leaves every fused vector at the behaviour vector, so this setting is scored
                // from the behaviour vectors; it is the first candidate and wins unless a fused setting is strictly better.
                behaviourOnly = new FusionTrial(_options.Alphas[0], 0f, _options.Steps[0], behaviourNdcg, behaviourRecall) { Ridge = ridges[0], TextPrior = 0 };
                best = behaviourOnly;
                progress?.Report(new FusionTuningProgress("grid", 0, total));
            }

            foreach (double prior in priors)
            {
                foreach (float alpha in _options.Alphas)
                {
                    foreach (float lambda in _options.Lambdas)
                    {
                        foreach (int steps in _options.Steps)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            ProfileFuserOptions settings = ridgeOptions.Clone();
                            settings.Fusion.Alpha = alpha;
                            settings.Fusion.Lambda = lambda;
                            settings.Fusion.MaxIterations = steps;
                            settings.TextPriorItems = prior;
                            ProfileFuserResult fused = await Task.Run(() => new ProfileFuser(_generator, settings).Fuse(embedded, null, cancellationToken), cancellationToken)
                                .ConfigureAwait(false);
                            (double ndcg, double recall) = Score(model, fused.Model.Profiles, rows, positives, seen, targets, allowLists, static p => p.FusedVector);
                            var trial = new FusionTrial(alpha, lambda, steps, ndcg, recall) { Ridge = ridges[r], TextPrior = prior };
                            trials.Add(trial);
                            if (best is null || trial.Ndcg > best.Ndcg)
                            {
                                best = trial;
                            }

                            progress?.Report(new FusionTuningProgress("grid", trials.Count, total));
                        }
                    }
                }
            }
        }

        return new FusionTuningResult(trials, best!, behaviourOnly!, behaviourNdcg, behaviourRecall, users.Length, split.Metadata, _options.Cutoff);
    }

    private static TopKSeenItems SeenItems(ProfileModel model, int[] rows)
    {
        SparseMatrix seen = model.Matrix.Seen;
        var offsets = new int[rows.Length + 1];
        for (int i = 0; i < rows.Length; i++)
        {
            offsets[i + 1] = offsets[i] + seen.RowLength(rows[i]);
        }

        var indices = new int[offsets[^1]];
        for (int i = 0; i < rows.Length; i++)
        {
            seen.RowColumns(rows[i]).CopyTo(indices.AsSpan(offsets[i]));
        }

        return new TopKSeenItems(offsets, indices);
    }

    private static Dictionary<PlatformId, ulong[]> AllowLists(ProfileModel model, PlatformId?[] targets)
    {
        var lists = new Dictionary<PlatformId, ulong[]>();
        IReadOnlyList<ItemKey> items = model.Matrix.Items;
        int n = model.Factors.Items;
        foreach (PlatformId? target in targets)
        {
            if (target is { } platform && !lists.ContainsKey(platform))
            {
                var allowed = new List<int>();
                for (int j = 0; j < n; j++)
                {
                    if (items[j].Platform == platform)
                    {
                        allowed.Add(j);
                    }
                }

                lists.Add(platform, TopK.CreateAllowList(n, allowed));
            }
        }

        return lists;
    }

    private (double Ndcg, double Recall) Score(ProfileModel model, IReadOnlyList<UserProfile> profiles, int[] rows, HashSet<ItemKey>[] positives,
        TopKSeenItems seen, PlatformId?[] targets, Dictionary<PlatformId, ulong[]> allowLists, Func<UserProfile, ReadOnlyMemory<float>> vectorOf)
    {
        int d = model.Factors.Rank;
        int k = _options.Cutoff;
        var vectors = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<float> vector = vectorOf(profiles[rows[i]]).Span;
            if (vector.Length == d)
            {
                vector.CopyTo(vectors.AsSpan(i * d, d));
            }
        }

        var indices = new int[rows.Length * k];
        var scores = new float[rows.Length * k];
        if (allowLists.Count == 0)
        {
            TopK.Search(vectors, model.Factors.ItemFactors, d, k, indices, scores, seen);
        }
        else
        {
            // Cold-start validation: each person is served only their hidden platform's items.
            foreach (KeyValuePair<PlatformId, ulong[]> group in allowLists)
            {
                var members = new List<int>();
                for (int i = 0; i < rows.Length; i++)
                {
                    if (targets[i] == group.Key)
                    {
                        members.Add(i);
                    }
                }

                var groupVectors = new float[members.Count * d];
                var groupSeen = new IEnumerable<int>?[members.Count];
                for (int m = 0; m < members.Count; m++)
                {
                    vectors.AsSpan(members[m] * d, d).CopyTo(groupVectors.AsSpan(m * d, d));
                    groupSeen[m] = seen[members[m]].ToArray();
                }

                var groupIndices = new int[members.Count * k];
                var groupScores = new float[members.Count * k];
                TopK.Search(groupVectors, model.Factors.ItemFactors, d, k, groupIndices, groupScores, TopKSeenItems.FromLists(groupSeen), group.Value);
                for (int m = 0; m < members.Count; m++)
                {
                    groupIndices.AsSpan(m * k, k).CopyTo(indices.AsSpan(members[m] * k, k));
                }
            }
        }

        IReadOnlyList<ItemKey> items = model.Matrix.Items;
        var hits = new bool[k];
        double ndcg = 0, recall = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            for (int r = 0; r < k; r++)
            {
                int index = indices[(i * k) + r];
                hits[r] = index >= 0 && positives[i].Contains(items[index]);
            }

            ndcg += RankingMetrics.Ndcg(hits, positives[i].Count, k);
            recall += RankingMetrics.Recall(hits, positives[i].Count, k);
        }

        return rows.Length == 0 ? (0, 0) : (ndcg / rows.Length, recall / rows.Length);
    }

    /// <summary>Reports synchronously on the reporting thread.</summary>
    private sealed class ForwardProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
