// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>
/// The fusion stage of the pipeline: gives every enriched profile a text vector <c>T</c> (its insight embedded and
/// projected into the item factor space) and a fused vector <c>U</c> that minimises
/// <c>alpha ||U - B||^2 + ||U - T||^2 + lambda sum softmax(C U)^2</c> from <c>U0 = B</c>, where <c>B</c> is the behaviour
/// vector and <c>C</c> the item factors of the <see cref="ProfileModel"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="FuseAsync"/> runs the three steps: <see cref="FitProjectionAsync"/> (ridge regression from the embeddings of
/// item texts, <see cref="TextProjection.ItemText"/>, to the item factors, over the catalogued items that have at least
/// one interaction), <see cref="EmbedAsync"/> (each insight's <see cref="TextProjection.InsightText"/> embedded in batches
/// and projected: <see cref="UserProfile.TextVector"/>), and <see cref="Fuse"/> (<see cref="ProfileFusion.FuseBatch"/>
/// over all persons with a text vector: <see cref="UserProfile.FusedVector"/>). A person without an insight keeps an
/// empty text vector and gets their behaviour vector as fused vector. Each step returns a new model
/// (<see cref="ProfileModel.WithProfiles"/>); the input model is not changed.
/// </para>
/// <para>The result depends only on the model, the generator and the options. Instances are immutable after
/// construction and thread-safe when the embedding generator is.</para>
/// </remarks>
public sealed class ProfileFuser
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly ProfileFuserOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ProfileFuser"/> class.</summary>
    /// <param name="embeddingGenerator">Embeds item texts and insights (for example <see cref="HashingEmbeddingGenerator"/>).</param>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embeddingGenerator"/> is <see langword="null"/>.</exception>
    public ProfileFuser(IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator, ProfileFuserOptions? options = null)
    {
        _generator = Throw.IfNull(embeddingGenerator);
        _options = options?.Clone() ?? new ProfileFuserOptions();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public ProfileFuserOptions Options => _options.Clone();

    /// <summary>Runs the whole stage: fits the text projection on the model's items, embeds and projects every insight,
    /// and fuses every person.</summary>
    /// <param name="model">The model, with insights on the profiles that were enriched.</param>
    /// <param name="progress">Receives progress per stage; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>The fused model and the descent's statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No catalogued item of the model has an interaction (nothing to fit the projection on).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ProfileFuserResult> FuseAsync(ProfileModel model, IProgress<ProfileFuserProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        TextProjection projection = await FitProjectionAsync(model, progress, cancellationToken).ConfigureAwait(false);
        ProfileModel embedded = await EmbedAsync(model, projection, progress, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Fuse(embedded, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fits the projection from text embeddings to item factors on the catalogued items of
    /// <paramref name="model"/> that have at least one interaction.</summary>
    /// <param name="model">The model.</param>
    /// <param name="progress">Receives <c>projection</c> progress (items); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The projection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No catalogued item of the model has an interaction.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TextProjection> FitProjectionAsync(ProfileModel model, IProgress<ProfileFuserProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        int rank = model.Factors.Rank;
        ReadOnlyMemory<float> itemFactors = model.Factors.ItemFactors;
        SparseMatrix byItem = model.Matrix.ByItem;
        var texts = new List<string>();
        var rows = new List<int>();
        foreach (Item item in model.Catalog)
        {
            if (model.Matrix.TryGetColumn(new ItemKey(item.Platform, item.Id), out int column)
                && column < model.Factors.Items && column < byItem.Rows && byItem.RowLength(column) > 0)
            {
                texts.Add(TextProjection.ItemText(item));
                rows.Add(column);
            }
        }

        if (rows.Count == 0)
        {
            Throw.Argument(nameof(model), "No catalogued item of the model has an interaction, so there is nothing to fit the text projection on.");
        }

        progress?.Report(new ProfileFuserProgress("projection", 0, rows.Count));
        float[]? embeddings = null;
        int dimensions = 0;
        for (int start = 0; start < texts.Count; start += _options.EmbeddingBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_options.EmbeddingBatchSize, texts.Count - start);
            GeneratedEmbeddings<Embedding<float>> batch = await _generator.GenerateAsync(
                texts.GetRange(start, count), null, cancellationToken).ConfigureAwait(false);
            if (batch.Count != count)
            {
                throw new InvalidOperationException($"The embedding generator returned {batch.Count} embeddings for {count} texts.");
            }

            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> vector = batch[i].Vector.Span;
                if (embeddings is null)
                {
                    dimensions = vector.Length;
                    embeddings = new float[texts.Count * dimensions];
                }

                if (vector.Length != dimensions)
                {
                    throw new InvalidOperationException($"The embedding generator returned vectors of {vector.Length} and {dimensions} values.");
                }

                vector.CopyTo(embeddings.AsSpan((start + i) * dimensions, dimensions));
            }

            progress?.Report(new ProfileFuserProgress("projection", start + count, rows.Count));
        }

        var factors = new float[rows.Count * rank];
        for (int i = 0; i < rows.Count; i++)
        {
            itemFactors.Span.Slice(rows[i] * rank, rank).CopyTo(factors.AsSpan(i * rank, rank));
        }

        var trainer = new TextProjectionTrainer(_options.Projection);
        return await Task.Run(() => trainer.Fit(embeddings!, dimensions, factors, rank, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Embeds every insight's text (<see cref="TextProjection.InsightText"/>) and projects it into the item
    /// factor space, storing <see cref="UserProfile.TextVector"/>; profiles without an insight keep an empty one.</summary>
    /// <param name="model">The model, with insights on the profiles that were enriched.</param>
    /// <param name="projection">The projection (from <see cref="FitProjectionAsync"/>), whose output has the model's rank.</param>
    /// <param name="progress">Receives <c>embedding</c> progress (persons); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>A model whose profiles carry text vectors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="projection"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The projection's factor dimension is not the model's rank.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ProfileModel> EmbedAsync(ProfileModel model, TextProjection projection, IProgress<ProfileFuserProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        Throw.IfNull(projection);
        if (projection.FactorDimensions != model.Factors.Rank)
        {
            Throw.Argument(nameof(projection), $"The projection maps into {projection.FactorDimensions} dimensions; the model's factors have {model.Factors.Rank}.");
        }

        IReadOnlyList<UserProfile> profiles = model.Profiles;
        var updated = new UserProfile[profiles.Count];
        var pending = new List<int>();
        var texts = new List<string>();
        progress?.Report(new ProfileFuserProgress("embedding", 0, profiles.Count));
        for (int p = 0; p < profiles.Count; p++)
        {
            UserProfile profile = profiles[p];
            if (profile.Insight is null)
            {
                updated[p] = profile.TextVector.IsEmpty ? profile : profile with { TextVector = ReadOnlyMemory<float>.Empty };
                continue;
            }

            pending.Add(p);
            texts.Add(TextProjection.InsightText(profile.Insight));
            if (texts.Count == _options.EmbeddingBatchSize || p == profiles.Count - 1)
            {
                await ProjectPendingAsync(profiles, projection, pending, texts, updated, cancellationToken).ConfigureAwait(false);
                pending.Clear();
                texts.Clear();
                progress?.Report(new ProfileFuserProgress("embedding", p + 1, profiles.Count));
            }
        }

        if (pending.Count > 0)
        {
            await ProjectPendingAsync(profiles, projection, pending, texts, updated, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(new ProfileFuserProgress("embedding", profiles.Count, profiles.Count));
        return model.WithProfiles(updated);
    }

    /// <summary>Fuses every person that has a text vector (from <see cref="EmbedAsync"/>) and a behaviour vector of the
    /// model's rank, storing <see cref="UserProfile.FusedVector"/>; every other person gets their behaviour vector. With a
    /// finite <see cref="ProfileFuserOptions.TextPriorItems"/> <c>k</c>, each person's text target is first shrunk to
    /// <c>B + k / (k + n) (T - B)</c>, <c>n</c> their distinct items in the model (the stored text vector is unshrunk).</summary>
    /// <param name="model">The model, with text vectors on the profiles that have insights.</param>
    /// <param name="progress">Receives <c>fusion</c> progress (persons); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between batches and rounds.</param>
    /// <returns>The fused model and the descent's statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A vector holds NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ProfileFuserResult Fuse(ProfileModel model, IProgress<ProfileFuserProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        var clock = Stopwatch.StartNew();
        int d = model.Factors.Rank;
        IReadOnlyList<UserProfile> profiles = model.Profiles;
        var rows = new List<int>(profiles.Count);
        for (int p = 0; p < profiles.Count; p++)
        {
            UserProfile profile = profiles[p];
            if (profile.TextVector.Length == d && profile.BehaviourVector.Length == d)
            {
                rows.Add(p);
            }
        }

        var updated = new UserProfile[profiles.Count];
        for (int p = 0; p < profiles.Count; p++)
        {
            updated[p] = profiles[p] with { FusedVector = profiles[p].BehaviourVector };
        }

        var stopReasons = new Dictionary<FusionStopReason, int>();
        double iterations = 0, initial = 0, final = 0;
        if (rows.Count > 0)
        {
            var texts = new float[rows.Count * d];
            var behaviours = new float[rows.Count * d];
            for (int i = 0; i < rows.Count; i++)
            {
                UserProfile profile = profiles[rows[i]];
                Span<float> text = texts.AsSpan(i * d, d);
                ReadOnlySpan<float> behaviour = profile.BehaviourVector.Span;
                profile.TextVector.Span.CopyTo(text);
                behaviour.CopyTo(behaviours.AsSpan(i * d, d));
                if (_options.MatchTextNorm)
                {
                    float textNorm = TensorPrimitives.Norm(text);
                    float behaviourNorm = TensorPrimitives.Norm(behaviour);
                    if (textNorm > 0f && behaviourNorm > 0f && float.IsFinite(textNorm))
                    {
                        TensorPrimitives.Multiply(text, behaviourNorm / textNorm, text);
                    }
                }
            }

            double prior = _options.TextPriorItems;
            float[] targets = texts;
            if (!double.IsPositiveInfinity(prior))
            {
                targets = new float[texts.Length];
                SparseMatrix seen = model.Matrix.Seen;
                for (int i = 0; i < rows.Count; i++)
                {
                    UserProfile profile = profiles[rows[i]];
                    int evidence = model.Matrix.TryGetRow(profile.Person, out int row) && row < seen.Rows ? seen.RowLength(row) : 0;
                    float weight = evidence == 0 ? 1f : (float)(prior / (prior + evidence));
                    ReadOnlySpan<float> behaviour = behaviours.AsSpan(i * d, d);
                    Span<float> target = targets.AsSpan(i * d, d);

                    // T' = B + w (T - B), written as w T + (1 - w) B.
                    TensorPrimitives.Multiply(behaviour, 1f - weight, target);
                    TensorPrimitives.MultiplyAdd(texts.AsSpan(i * d, d), weight, target, target);
                }
            }

            var fusion = new ProfileFusion(_options.Fusion);
            IProgress<FusionProgress>? inner = progress is null ? null : new FusionProgressAdapter(progress);
            progress?.Report(new ProfileFuserProgress("fusion", 0, rows.Count));
            IReadOnlyList<FusionResult> results = fusion.FuseBatch(model.Factors.ItemFactors, d, targets, behaviours, inner, cancellationToken);
            for (int i = 0; i < rows.Count; i++)
            {
                FusionResult result = results[i];
                int p = rows[i];
                updated[p] = updated[p] with { TextVector = new ReadOnlyMemory<float>(texts, i * d, d), FusedVector = result.Vector };
                iterations += result.Iterations;
                initial += result.LossTrace[0];
                final += result.Loss;
                stopReasons[result.StopReason] = stopReasons.GetValueOrDefault(result.StopReason) + 1;
            }

            iterations /= rows.Count;
            initial /= rows.Count;
            final /= rows.Count;
        }

        clock.Stop();
        return new ProfileFuserResult(model.WithProfiles(updated), rows.Count, profiles.Count - rows.Count, iterations, initial, final, stopReasons, clock.Elapsed);
    }

    private async Task ProjectPendingAsync(IReadOnlyList<UserProfile> profiles, TextProjection projection, List<int> pending, List<string> texts,
        UserProfile[] updated, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<float[]> vectors = await projection.ProjectTextsAsync(texts.ToArray(), _generator, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < pending.Count; i++)
        {
            int p = pending[i];
            updated[p] = profiles[p] with { TextVector = vectors[i] };
        }
    }

    /// <summary>Forwards the batched descent's progress as <c>fusion</c> progress.</summary>
    private sealed class FusionProgressAdapter(IProgress<ProfileFuserProgress> target) : IProgress<FusionProgress>
    {
        public void Report(FusionProgress value) => target.Report(new ProfileFuserProgress("fusion", value.Completed, value.Total));
    }
}
