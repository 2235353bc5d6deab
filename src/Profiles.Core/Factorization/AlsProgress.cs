// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="ImplicitAlsTrainer.Fit"/>, reported after every iteration.</summary>
/// <param name="Iteration">The number of iterations done (1-based).</param>
/// <param name="Iterations">The number of iterations in the run.</param>
/// <param name="Loss">The training objective after this iteration (see <see cref="ImplicitAlsModel.LossHistory"/>).</param>
public readonly record struct AlsProgress(int Iteration, int Iterations, double Loss);
