// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core.Tests;

/// <summary>Makes call timeouts deterministic on a loaded machine: a <see cref="TimeProvider"/> whose timers of exactly
/// the call timeout (the ones Polly's timeout strategy arms for each attempt) fire only when the test says the request
/// hangs, while every other timer (retry delays) runs on the real clock.</summary>
/// <remarks>Wrap the chat client with <see cref="Wrap"/> so that each keyed request's cancellation token is known, give the
/// enricher this provider and a long nominal timeout, and call <see cref="Fire"/> when the server starts hanging on a key:
/// the attempt's timeout then fires at once, cancelling the request in flight exactly as a real timeout would.</remarks>
internal sealed class TimeoutTrigger(TimeSpan callTimeout) : TimeProvider
{
    private readonly TimeSpan _callTimeout = callTimeout;
    private readonly ConcurrentDictionary<CancellationToken, TriggerTimer> _timers = new();
    private readonly ConcurrentDictionary<int, CancellationToken> _tokens = new();
    private int _fired;

    /// <summary>Gets the number of timeouts fired.</summary>
    public int Fired => Volatile.Read(ref _fired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // A cancellation token source's timer (CancelAfter creates it disarmed and then arms it with Change): armed with
        // exactly the call timeout, it waits for Fire; armed with anything else, it runs on the real clock.
        if (state is CancellationTokenSource source)
        {
            var timer = new TriggerTimer(this, callback, state, source.Token);
            _ = timer.Change(dueTime, period);
            return timer;
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Wraps <paramref name="client"/> to note the cancellation token of each keyed request (see <see cref="LlmFaultPlan.KeyOf"/>).</summary>
    public IChatClient Wrap(IChatClient client) => new TokenRecorder(client, this);

    /// <summary>Fires the timeout of the latest request of <paramref name="key"/>, as if its call timeout had passed.</summary>
    public void Fire(int key)
    {
        if (_tokens.TryGetValue(key, out CancellationToken token) && _timers.TryRemove(token, out TriggerTimer? timer) && timer.Fire())
        {
            Interlocked.Increment(ref _fired);
        }
    }

    private sealed class TriggerTimer(TimeoutTrigger owner, TimerCallback callback, object? state, CancellationToken token) : ITimer
    {
        private readonly object _gate = new();
        private ITimer? _real;
        private bool _done;   // fired or disposed

        public bool Fire()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return false;
                }

                _done = true;
                _real?.Dispose();
            }

            callback(state);
            return true;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_done)
                {
                    return false;
                }

                if (dueTime == owner._callTimeout)
                {
                    _real?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    owner._timers[token] = this;
                    return true;
                }

                _ = owner._timers.TryRemove(new KeyValuePair<CancellationToken, TriggerTimer>(token, this));
                if (_real is null)
                {
                    _real = TimeProvider.System.CreateTimer(callback, state, dueTime, period);
                }
                else
                {
                    _ = _real.Change(dueTime, period);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _done = true;
                _real?.Dispose();
            }

            _ = owner._timers.TryRemove(new KeyValuePair<CancellationToken, TriggerTimer>(token, this));
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TokenRecorder(IChatClient inner, TimeoutTrigger owner) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = new List<ChatMessage>(messages);
            foreach (ChatMessage message in list)
            {
                if (LlmFaultPlan.KeyOf(message.Text) is int key and >= 0)
                {
                    owner._tokens[key] = cancellationToken;
                    break;
                }
            }

            return base.GetResponseAsync(list, options, cancellationToken);
        }
    }
}
