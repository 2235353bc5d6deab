// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core.Benchmarks;

/// <summary>A benchmark shape: <c>b</c> users against <c>n x d</c> items.</summary>
public sealed record Shape(int Users, int Items, int Dimensions)
{
    public long ItemBytes => (long)Items * Dimensions * sizeof(float);

    public override string ToString() => Users == 1 ? $"{Items}x{Dimensions}" : $"{Users}x{Items}x{Dimensions}";
}
