// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Profiles.Core.Tests;

/// <summary>An <see cref="ILogger"/> that keeps every message at or above <see cref="MinimumLevel"/>.</summary>
internal sealed class ListLogger(LogLevel minimumLevel) : ILogger, ILoggerFactory, ILoggerProvider
{
    public LogLevel MinimumLevel { get; } = minimumLevel;

    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
