// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core.Tests;

/// <summary>An in-process <see cref="IChatClient"/> whose behaviour each test sets through callbacks.</summary>
internal sealed class TestChatClient : IChatClient
{
    private int _calls;

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    public ChatClientMetadata Metadata { get; set; } = new("test", null, "test-model");

    /// <summary>Gets the number of <see cref="GetResponseAsync"/> calls.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers every request with <paramref name="text"/>.</summary>
    public static TestChatClient Answering(string text) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))),
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken) ??
            throw new InvalidOperationException("No GetResponseAsyncCallback was set.");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsyncCallback?.Invoke(messages, options, cancellationToken) ??
            throw new InvalidOperationException("No GetStreamingResponseAsyncCallback was set.");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (GetServiceCallback is { } callback)
        {
            return callback(serviceType, serviceKey);
        }

        return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }
}
