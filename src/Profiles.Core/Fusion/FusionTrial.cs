// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>One fusion setting the <see cref="FusionTuner"/> tried and what it scored on the validation split.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Alpha">The anchor weight.</param>
/// <param name="Lambda">The penalty weight.</param>
/// <param name="Steps">The step limit.</param>
/// <param name="Ndcg">The mean NDCG@K over the validation persons.</param>
/// <param name="Recall">The mean recall@K over the validation persons.</param>
public sealed record FusionTrial(float Alpha, float Lambda, int Steps, double Ndcg, double Recall)
{
    /// <summary>Gets the ridge penalty of the text projection this setting was scored with.</summary>
    /// <value>The default is 1 (<see cref="TextProjectionOptions.Ridge"/>'s default).</value>
    public double Ridge { get; init; } = 1.0;

    /// <summary>Gets the text prior strength (<see cref="ProfileFuserOptions.TextPriorItems"/>) this setting was scored with.</summary>
    /// <value>The default is <see cref="double.PositiveInfinity"/> (no shrinkage). The behaviour-only setting has 0 with
    /// <see cref="Lambda"/> 0.</value>
    public double TextPrior { get; init; } = double.PositiveInfinity;

    /// <summary>Gets a value indicating whether this setting reproduces the behaviour vectors exactly (text prior 0 and
    /// <see cref="Lambda"/> 0), so fusion changes nothing.</summary>
    public bool IsBehaviourOnly => TextPrior == 0 && Lambda == 0;
}
