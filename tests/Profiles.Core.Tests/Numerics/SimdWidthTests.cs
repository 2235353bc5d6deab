// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class SimdWidthTests
{
    [Fact]
    public void Width_FollowsTheRuntimeKnobs_SoCiRerunsReachEveryPath()
    {
        // CI reruns these tests with DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0.
        SimdWidth expected =
            Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 :
            Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 :
            Vector128.IsHardwareAccelerated ? SimdWidth.Vector128 : SimdWidth.Scalar;
        Assert.Equal(expected, SimdMath.Width);
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(SimdWidth.Scalar, SimdMath.Width);
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.True(SimdMath.Width <= SimdWidth.Vector128, $"AVX2 is disabled but the kernels run {SimdMath.Width}.");
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.True(SimdMath.Width <= SimdWidth.Vector256, $"AVX-512 is disabled but the kernels run {SimdMath.Width}.");
        }
    }
}
