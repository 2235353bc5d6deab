// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
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

    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 and <= 599;

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification =
        "Best effort: when trimming removed the Status property, the exception is treated as not transient.")]
    private static int? StatusOf(Exception exception)
    {
        PropertyInfo? property = exception.GetType().GetProperty("Status", BindingFlags.Public | BindingFlags.Instance);
        return property?.PropertyType == typeof(int) && property.GetValue(exception) is int status && status > 0 ? status : null;
    }
}
