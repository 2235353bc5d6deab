// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// Fuses behaviour and text profiles: for each person, minimises
/// <c>L(U) = alpha ||U - B||^2 + ||U - T||^2 + lambda sum_j softmax(C U)_j^2</c> from <c>U0 = B</c> by gradient descent
/// with a backtracking (Armijo) line search, evaluating the loss and gradient with <see cref="FusionKernel"/>.
/// </summary>
/// <remarks>
/// <para>
/// Persons are processed in batches of <see cref="ProfileFusionOptions.BatchSize"/>: every round evaluates the trial
/// points of all persons still descending in one call of the batched one-pass kernel (one read of the items per round),
/// and each person keeps its own step size, so the result for a person does not depend on who shares its batch beyond
/// float rounding. A step is accepted only when it decreases the loss by the Armijo margin, so every loss trace is
/// non-increasing.
/// </para>
/// <para>Instances are immutable after construction and thread-safe.</para>
/// </remarks>
public sealed class ProfileFusion
{
    private readonly ProfileFusionOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ProfileFusion"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public ProfileFusion(ProfileFusionOptions? options = null)
    {
        _options = (options ?? new ProfileFusionOptions()).Clone();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public ProfileFusionOptions Options => _options.Clone();

    /// <summary>Fuses the profile of one person.</summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>.</param>
    /// <param name="text">The text profile <c>T</c> (length <c>d</c>).</param>
    /// <param name="behaviour">The behaviour profile <c>B</c> (length <c>d</c>): the starting point, and the anchor when <c>alpha &gt; 0</c>.</param>
    /// <param name="cancellationToken">Cancels between iterations.</param>
    /// <returns>The fused vector and its loss trace.</returns>
    /// <exception cref="ArgumentException">A length does not match, or an input holds NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public FusionResult Fuse(ReadOnlyMemory<float> items, int dimensions, ReadOnlyMemory<float> text, ReadOnlyMemory<float> behaviour, CancellationToken cancellationToken = default)
    {
        if (text.Length != dimensions)
        {
            Throw.Argument(nameof(text), $"The text profile needs exactly d = {dimensions} floats; it has {text.Length}.");
        }

        return FuseBatch(items, dimensions, text, behaviour, null, cancellationToken)[0];
    }

    /// <summary>Fuses the profiles of many persons, sharing each read of the items among a batch of them.</summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>.</param>
    /// <param name="texts">The text profiles, row-major <c>count x d</c>.</param>
    /// <param name="behaviours">The behaviour profiles, row-major <c>count x d</c>.</param>
    /// <param name="progress">Receives the number of persons done after each batch; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between rounds.</param>
    /// <returns>One result per person, in input order.</returns>
    /// <exception cref="ArgumentException">A length does not match, or an input holds NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IReadOnlyList<FusionResult> FuseBatch(
        ReadOnlyMemory<float> items, int dimensions, ReadOnlyMemory<float> texts, ReadOnlyMemory<float> behaviours,
        IProgress<FusionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = ValidateItems(items.Span, dimensions);
        if (texts.IsEmpty || texts.Length % dimensions != 0)
        {
            Throw.Argument(nameof(texts), $"The text profiles must be a non-empty count x d matrix with d = {dimensions}; they hold {texts.Length} floats.");
        }

        if (behaviours.Length != texts.Length)
        {
            Throw.Argument(nameof(behaviours), $"The behaviour profiles must match the text profiles ({texts.Length} floats); they hold {behaviours.Length}.");
        }

        Throw.IfAnyNotFinite(texts.Span, nameof(texts));
        Throw.IfAnyNotFinite(behaviours.Span, nameof(behaviours));

        int count = texts.Length / dimensions;
        var results = new FusionResult[count];
        for (int start = 0; start < count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(_options.BatchSize, count - start);
            FuseChunk(
                items, dimensions, texts.Slice(start * dimensions, size * dimensions), behaviours.Slice(start * dimensions, size * dimensions),
                results.AsSpan(start, size), cancellationToken);
            progress?.Report(new FusionProgress(start + size, count));
        }

        return results;
    }

    private static int ValidateItems(ReadOnlySpan<float> items, int dimensions)
    {
        if (dimensions <= 0)
        {
            Throw.OutOfRange(nameof(dimensions), dimensions, "must be at least 1");
        }

        if (items.IsEmpty || items.Length % dimensions != 0)
        {
            Throw.Argument(nameof(items), $"The item matrix must be a non-empty n x d matrix with d = {dimensions}; it holds {items.Length} floats.");
        }

        return items.Length / dimensions;
    }

    private void FuseChunk(
        ReadOnlyMemory<float> items, int d, ReadOnlyMemory<float> texts, ReadOnlyMemory<float> behaviours,
        Span<FusionResult> results, CancellationToken cancellationToken)
    {
        int count = results.Length;
        var objective = new FusionObjective(_options.Lambda, _options.Alpha);
        bool anchored = _options.Alpha != 0f;
        double firstStep = _options.InitialStepSize ?? (1d / (2d * (1d + _options.Alpha)));

        float[] current = behaviours.ToArray();
        var gradients = new float[count * d];
        var losses = new FusionLoss[count];
        Evaluate(items, d, current, texts, anchored ? behaviours : default, objective, gradients, losses);

        var traces = new List<double>[count];
        var gradientNorms = new double[count];
        var steps = new double[count];
        var backtracks = new int[count];
        var evaluations = new int[count];
        var stopped = new FusionStopReason?[count];
        var active = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            traces[i] = [losses[i].Total];
            gradientNorms[i] = TensorPrimitives.Norm(gradients.AsSpan(i * d, d));
            steps[i] = firstStep;
            evaluations[i] = 1;
            if (gradientNorms[i] <= _options.GradientTolerance)
            {
                stopped[i] = FusionStopReason.GradientTolerance;
            }
            else
            {
                active.Add(i);
            }
        }

        var trial = new float[count * d];
        var trialTexts = new float[count * d];
        var trialAnchors = anchored ? new float[count * d] : [];
        var trialGradients = new float[count * d];
        var trialLosses = new FusionLoss[count];
        ReadOnlySpan<float> textSpan = texts.Span;
        ReadOnlySpan<float> behaviourSpan = behaviours.Span;
        while (active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = active.Count;
            for (int a = 0; a < m; a++)
            {
                int i = active[a];
                Span<float> point = trial.AsSpan(a * d, d);
                TensorPrimitives.MultiplyAdd(gradients.AsSpan(i * d, d), (float)-steps[i], current.AsSpan(i * d, d), point);
                textSpan.Slice(i * d, d).CopyTo(trialTexts.AsSpan(a * d, d));
                if (anchored)
                {
                    behaviourSpan.Slice(i * d, d).CopyTo(trialAnchors.AsSpan(a * d, d));
                }
            }

            Evaluate(
                items, d, trial.AsMemory(0, m * d), trialTexts.AsMemory(0, m * d), anchored ? trialAnchors.AsMemory(0, m * d) : default,
                objective, trialGradients.AsMemory(0, m * d), trialLosses.AsMemory(0, m));

            int kept = 0;
            for (int a = 0; a < m; a++)
            {
                int i = active[a];
                evaluations[i]++;
                double previous = losses[i].Total;
                double candidate = trialLosses[a].Total;
                double gradientNorm = gradientNorms[i];
                if (candidate <= previous - (_options.ArmijoConstant * steps[i] * gradientNorm * gradientNorm))
                {
                    trial.AsSpan(a * d, d).CopyTo(current.AsSpan(i * d, d));
                    trialGradients.AsSpan(a * d, d).CopyTo(gradients.AsSpan(i * d, d));
                    losses[i] = trialLosses[a];
                    traces[i].Add(candidate);
                    gradientNorms[i] = TensorPrimitives.Norm(gradients.AsSpan(i * d, d));
                    steps[i] = firstStep;
                    backtracks[i] = 0;
                    double relativeDecrease = (previous - candidate) / Math.Max(Math.Abs(previous), double.Epsilon);
                    if (gradientNorms[i] <= _options.GradientTolerance)
                    {
                        stopped[i] = FusionStopReason.GradientTolerance;
                    }
                    else if (relativeDecrease < _options.RelativeTolerance)
                    {
                        stopped[i] = FusionStopReason.RelativeTolerance;
                    }
                    else if (traces[i].Count - 1 >= _options.MaxIterations)
                    {
                        stopped[i] = FusionStopReason.MaxIterations;
                    }
                }
                else
                {
                    steps[i] *= _options.BacktrackFactor;
                    if (++backtracks[i] >= _options.MaxBacktracks)
                    {
                        stopped[i] = FusionStopReason.NoDecrease;
                    }
                }

                if (stopped[i] is null)
                {
                    active[kept++] = i;
                }
            }

            active.RemoveRange(kept, active.Count - kept);
        }

        for (int i = 0; i < count; i++)
        {
            results[i] = new FusionResult(
                current.AsSpan(i * d, d).ToArray(), traces[i].ToArray(), evaluations[i], gradientNorms[i], stopped[i]!.Value);
        }
    }

    private void Evaluate(
        ReadOnlyMemory<float> items, int d, ReadOnlyMemory<float> users, ReadOnlyMemory<float> texts, ReadOnlyMemory<float> anchors,
        FusionObjective objective, Memory<float> gradients, Memory<FusionLoss> losses)
    {
        if (users.Length == d)
        {
            losses.Span[0] = FusionKernel.LossAndGradient(items.Span, d, users.Span, texts.Span, anchors.Span, objective, gradients.Span, default);
        }
        else
        {
            FusionKernel.LossAndGradientBatch(items, d, users, texts, anchors, objective, gradients, losses, _options.MaxDegreeOfParallelism);
        }
    }
}
