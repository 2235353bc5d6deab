// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>Argument guards that return their argument and keep the throw in a cold helper.</summary>
internal static class Throw
{
    /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="argument"/> is <see langword="null"/>.</summary>
    public static T IfNull<T>([NotNull] T argument, [CallerArgumentExpression(nameof(argument))] string paramName = "")
    {
        if (argument is null)
        {
            ArgumentNull(paramName);
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is below <paramref name="min"/>.</summary>
    public static T IfLessThan<T>(T argument, T min, [CallerArgumentExpression(nameof(argument))] string paramName = "")
        where T : IComparable<T>
    {
        if (argument.CompareTo(min) < 0)
        {
            OutOfRange(paramName, argument, $"must be at least {min}");
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is above <paramref name="max"/>.</summary>
    public static T IfGreaterThan<T>(T argument, T max, [CallerArgumentExpression(nameof(argument))] string paramName = "")
        where T : IComparable<T>
    {
        if (argument.CompareTo(max) > 0)
        {
            OutOfRange(paramName, argument, $"must be at most {max}");
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is NaN, infinite or negative.</summary>
    public static float IfNegativeOrNotFinite(float argument, [CallerArgumentExpression(nameof(argument))] string paramName = "")
    {
        if (!float.IsFinite(argument) || argument < 0f)
        {
            OutOfRange(paramName, argument, "must be a finite, non-negative number");
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is NaN, infinite or negative.</summary>
    public static double IfNegativeOrNotFinite(double argument, [CallerArgumentExpression(nameof(argument))] string paramName = "")
    {
        if (!double.IsFinite(argument) || argument < 0d)
        {
            OutOfRange(paramName, argument, "must be a finite, non-negative number");
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is NaN, infinite or not positive.</summary>
    public static double IfNotPositiveOrNotFinite(double argument, [CallerArgumentExpression(nameof(argument))] string paramName = "")
    {
        if (!double.IsFinite(argument) || argument <= 0d)
        {
            OutOfRange(paramName, argument, "must be a finite, positive number");
        }

        return argument;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="values"/> contains a NaN or an infinity.</summary>
    public static void IfAnyNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        int index = SimdMath.IndexOfNonFinite(values);
        if (index >= 0)
        {
            Argument(paramName, $"The value at index {index} is {values[index]}; every value must be finite.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> for <paramref name="paramName"/>.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    /// <summary>Throws <see cref="ArgumentNullException"/>.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ArgumentNull(string paramName) => throw new ArgumentNullException(paramName);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OutOfRange(string paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, $"{paramName} {message}.");
}
