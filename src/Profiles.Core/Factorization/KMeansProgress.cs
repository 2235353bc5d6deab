// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="KMeansTrainer.Fit"/>, reported after the initial assignment (iteration 0) and after every iteration.</summary>
/// <param name="Iteration">The number of centroid updates done.</param>
/// <param name="MaxIterations">The most iterations the run may take.</param>
/// <param name="Inertia">The inertia of the current assignment (see <see cref="KMeansModel.InertiaHistory"/>).</param>
public readonly record struct KMeansProgress(int Iteration, int MaxIterations, double Inertia);
