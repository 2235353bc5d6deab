// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>A run's allowance of model calls and tokens, shared by the calls of the run.</summary>
/// <remarks>
/// <para>Before each model request an enricher reserves one call and an estimate of its tokens (the counted prompt plus
/// the most output tokens it allows); afterwards it commits the tokens actually spent. A reservation that would pass a
/// limit is refused, so the limits are never exceeded by the estimates, and once refused the budget stays exhausted for
/// the rest of the run.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class EnrichmentBudget
{
    private readonly object _gate = new();
    private int _calls;
    private long _tokens;
    private bool _exhausted;

    /// <summary>Initializes a new instance of the <see cref="EnrichmentBudget"/> class.</summary>
    /// <param name="maxCalls">The most model requests, retries included; <see langword="null"/> for no limit.</param>
    /// <param name="maxTokens">The most tokens, input and output together; <see langword="null"/> for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCalls"/> or <paramref name="maxTokens"/> is negative.</exception>
    public EnrichmentBudget(int? maxCalls = null, long? maxTokens = null)
    {
        MaxCalls = maxCalls is { } calls ? Throw.IfLessThan(calls, 0, nameof(maxCalls)) : null;
        MaxTokens = maxTokens is { } tokens ? Throw.IfLessThan(tokens, 0L, nameof(maxTokens)) : null;
    }

    /// <summary>Gets the most model requests; <see langword="null"/> for no limit.</summary>
    public int? MaxCalls { get; }

    /// <summary>Gets the most tokens; <see langword="null"/> for no limit.</summary>
    public long? MaxTokens { get; }

    /// <summary>Gets the number of calls reserved so far.</summary>
    public int CallsUsed
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    /// <summary>Gets the tokens reserved or spent so far.</summary>
    public long TokensUsed
    {
        get
        {
            lock (_gate)
            {
                return _tokens;
            }
        }
    }

    /// <summary>Gets a value indicating whether a reservation has been refused.</summary>
    public bool IsExhausted
    {
        get
        {
            lock (_gate)
            {
                return _exhausted;
            }
        }
    }

    /// <summary>Reserves one call and <paramref name="estimatedTokens"/> tokens, unless that would pass a limit.</summary>
    /// <param name="estimatedTokens">The tokens the call may spend at most.</param>
    /// <returns><see langword="true"/> when reserved; <see langword="false"/> when the budget is exhausted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="estimatedTokens"/> is negative.</exception>
    public bool TryReserve(long estimatedTokens)
    {
        Throw.IfLessThan(estimatedTokens, 0L);
        lock (_gate)
        {
            if (_exhausted || (MaxCalls is { } maxCalls && _calls + 1 > maxCalls) || (MaxTokens is { } maxTokens && _tokens + estimatedTokens > maxTokens))
            {
                _exhausted = true;
                return false;
            }

            _calls++;
            _tokens += estimatedTokens;
            return true;
        }
    }

    /// <summary>Replaces a reservation's estimate with the tokens the call actually spent.</summary>
    /// <param name="reservedTokens">The estimate given to <see cref="TryReserve"/>.</param>
    /// <param name="actualTokens">The tokens spent.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reservedTokens"/> or <paramref name="actualTokens"/> is negative.</exception>
    public void Commit(long reservedTokens, long actualTokens)
    {
        Throw.IfLessThan(reservedTokens, 0L);
        Throw.IfLessThan(actualTokens, 0L);
        lock (_gate)
        {
            _tokens += actualTokens - reservedTokens;
        }
    }
}
