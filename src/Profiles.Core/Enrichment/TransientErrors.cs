// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using Polly.Timeout;

namespace Profiles.Core;

/// <summary>The default test of whether a failed model call is worth retrying: timeouts, lost connections, HTTP 408,
/// 429 and 5xx, as raised by <see cref="HttpClient"/> and by SDKs whose exceptions carry an integer <c>Status</c> (the
/// OpenAI and Azure SDKs' <c>ClientResultException</c> and <c>RequestFailedException</c>).</summary>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case TimeoutRejectedException or TimeoutException or SocketException or IOException:
                    return true;
                case HttpRequestException http:
                    return http.StatusCode is not { } code || IsTransientStatus((int)code);
            }

            if (StatusOf(ex) is { } status)
            {
                return IsTransientStatus(status);
            }
        }

        return false;
    }

    /// <summary>Reads how long the service asked to wait (<c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an
    /// HTTP date) from an SDK exception that exposes its raw response (<c>GetRawResponse()</c> with <c>Headers.TryGetValue</c>,
    /// as the OpenAI and Azure SDKs' exceptions do); <see langword="null"/> when there is no such header.</summary>
    public static TimeSpan? RetryAfterOf(Exception exception, DateTimeOffset now)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            try
            {
                if (Header(ex, "retry-after-ms") is { } ms &&
                    double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0 && double.IsFinite(milliseconds))
                {
                    return TimeSpan.FromMilliseconds(Math.Min(milliseconds, TimeSpan.FromDays(1).TotalMilliseconds));
                }

                if (Header(ex, "Retry-After") is { } value)
                {
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && double.IsFinite(seconds))
                    {
                        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds));
                    }

                    if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
                    {
                        return date > now ? date - now : TimeSpan.Zero;
                    }
                }
            }
            catch (Exception error) when (error is TargetInvocationException or InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // The SDK's shape differs from the expected one: no hint, the backoff decides.
            }
        }

        return null;
    }

    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 and <= 599;

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification =
        "Best effort: when trimming removed the members, the service's hint is ignored and the backoff decides.")]
    private static string? Header(Exception exception, string name)
    {
        MethodInfo? getResponse = exception.GetType().GetMethod("GetRawResponse", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        object? response = getResponse?.Invoke(exception, null);
        object? headers = response?.GetType().GetProperty("Headers", BindingFlags.Public | BindingFlags.Instance)?.GetValue(response);
        MethodInfo? tryGet = headers?.GetType().GetMethod("TryGetValue", BindingFlags.Public | BindingFlags.Instance, [typeof(string), typeof(string).MakeByRefType()]);
        if (tryGet is null || tryGet.ReturnType != typeof(bool))
        {
            return null;
        }

        object?[] arguments = [name, null];
        return tryGet.Invoke(headers, arguments) is true && arguments[1] is string value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification =
        "Best effort: when trimming removed the Status property, the exception is treated as not transient.")]
    private static int? StatusOf(Exception exception)
    {
        PropertyInfo? property = exception.GetType().GetProperty("Status", BindingFlags.Public | BindingFlags.Instance);
        return property?.PropertyType == typeof(int) && property.GetValue(exception) is int status && status > 0 ? status : null;
    }
}
