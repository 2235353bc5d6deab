// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Profiles.Core;

/// <summary>
/// One SIMD width as a type, so that each kernel is written once and the JIT specialises it per width
/// (the static-abstract operator pattern of System.Numerics.Tensors). <see cref="Vec512"/>,
/// <see cref="Vec256"/> and <see cref="Vec128"/> wrap the hardware vectors; <see cref="Vec1"/> is the
/// scalar path taken when hardware intrinsics are disabled.
/// </summary>
/// <typeparam name="TSelf">The implementing width.</typeparam>
internal interface ISimdVector<TSelf>
    where TSelf : struct, ISimdVector<TSelf>
{
    /// <summary>Gets the number of float lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Gets a vector of zeros.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Loads <see cref="Count"/> floats starting at <c>source + offset</c> (unaligned).</summary>
    static abstract TSelf Load(ref float source, nuint offset);

    /// <summary>Stores the lanes at <c>destination + offset</c> (unaligned).</summary>
    static abstract void Store(TSelf value, ref float destination, nuint offset);

    /// <summary>Creates a vector with every lane equal to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Computes <c>a * b + c</c> lane-wise, fused where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Computes <c>a + b</c> lane-wise.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>Sums the lanes in a fixed order.</summary>
    static abstract float Sum(TSelf value);

    /// <summary>Folds the lanes into four partial sums (adding upper halves onto lower halves), in a fixed order.</summary>
    static abstract Vector128<float> Fold(TSelf value);
}

/// <summary>A 512-bit vector of 16 floats.</summary>
internal readonly struct Vec512 : ISimdVector<Vec512>
{
    private readonly Vector512<float> _value;

    private Vec512(Vector512<float> value) => _value = value;

    public static int Count => Vector512<float>.Count;

    public static Vec512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Load(ref float source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec512 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new(Vector512.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Add(Vec512 a, Vec512 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec512 value) => Vector128.Sum(Fold(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vec512 value)
    {
        Vector256<float> half = value._value.GetLower() + value._value.GetUpper();
        return half.GetLower() + half.GetUpper();
    }
}

/// <summary>A 256-bit vector of 8 floats.</summary>
internal readonly struct Vec256 : ISimdVector<Vec256>
{
    private readonly Vector256<float> _value;

    private Vec256(Vector256<float> value) => _value = value;

    public static int Count => Vector256<float>.Count;

    public static Vec256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Load(ref float source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec256 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new(Vector256.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Add(Vec256 a, Vec256 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec256 value) => Vector128.Sum(Fold(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vec256 value) => value._value.GetLower() + value._value.GetUpper();
}

/// <summary>A 128-bit vector of 4 floats.</summary>
internal readonly struct Vec128 : ISimdVector<Vec128>
{
    private readonly Vector128<float> _value;

    private Vec128(Vector128<float> value) => _value = value;

    public static int Count => Vector128<float>.Count;

    public static Vec128 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Load(ref float source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec128 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 MultiplyAdd(Vec128 a, Vec128 b, Vec128 c) => new(Vector128.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Add(Vec128 a, Vec128 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec128 value) => Vector128.Sum(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vec128 value) => value._value;
}

/// <summary>One float: the scalar path, used when no vector width is hardware accelerated.</summary>
internal readonly struct Vec1 : ISimdVector<Vec1>
{
    private readonly float _value;

    private Vec1(float value) => _value = value;

    public static int Count => 1;

    public static Vec1 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec1 Load(ref float source, nuint offset) => new(Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec1 value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec1 Broadcast(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec1 MultiplyAdd(Vec1 a, Vec1 b, Vec1 c) => new((a._value * b._value) + c._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec1 Add(Vec1 a, Vec1 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec1 value) => value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vec1 value) => Vector128.CreateScalar(value._value);
}

/// <summary>Which SIMD width the kernels run on this machine.</summary>
internal enum SimdWidth
{
    /// <summary>Scalar code: hardware intrinsics are disabled or absent.</summary>
    Scalar = 1,

    /// <summary>Vector128 (SSE or Arm64 AdvSimd).</summary>
    Vector128 = 4,

    /// <summary>Vector256 (AVX2).</summary>
    Vector256 = 8,

    /// <summary>Vector512 (AVX-512).</summary>
    Vector512 = 16,
}
