// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core.Tests;

/// <summary>A chat server on 127.0.0.1 (a random free port) that speaks the Ollama <c>/api/chat</c> and OpenAI
/// <c>/v1/chat/completions</c> wire formats, answers as the test's handler says, and records every request.</summary>
/// <remarks>Loopback only; it stops after <c>maxRequests</c> requests (answering 503 beyond them) or when disposed, and
/// every delayed answer is cut short by disposal.</remarks>
internal sealed class LoopbackLlmServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<LlmRequest, LlmReply> _handler;
    private readonly int _maxRequests;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(120));
    private readonly ConcurrentQueue<LlmRequest> _requests = new();
    private readonly Task _loop;
    private int _count;

    public LoopbackLlmServer(Func<LlmRequest, LlmReply> handler, int maxRequests = 400)
    {
        _handler = handler;
        _maxRequests = maxRequests;
        (_listener, BaseUri) = Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri { get; }

    public IReadOnlyCollection<LlmRequest> Requests => _requests.ToArray();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static (HttpListener Listener, Uri BaseUri) Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            string prefix = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return (listener, new Uri(prefix));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync(_stop.Token).ConfigureAwait(false);
            }

            string path = context.Request.Url!.AbsolutePath;
            LlmRequest request = LlmRequest.Parse(path, body);
            _requests.Enqueue(request);
            LlmReply reply = Interlocked.Increment(ref _count) > _maxRequests ? new LlmReply(503, null) : _handler(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token).ConfigureAwait(false);
            }

            await WriteAsync(context.Response, request, reply).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            try
            {
                context.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task WriteAsync(HttpListenerResponse response, LlmRequest request, LlmReply reply)
    {
        string payload;
        response.StatusCode = reply.Status;
        if (reply.Status != 200)
        {
            payload = request.IsOllama
                ? new JsonObject { ["error"] = $"status {reply.Status}" }.ToJsonString()
                : new JsonObject { ["error"] = new JsonObject { ["message"] = $"status {reply.Status}", ["type"] = "server_error" } }.ToJsonString();
            response.ContentType = "application/json";
        }
        else if (request.IsOllama)
        {
            response.ContentType = request.Stream ? "application/x-ndjson" : "application/json";
            var final = OllamaMessage(request.Stream ? string.Empty : reply.Content ?? string.Empty, done: true);
            payload = request.Stream
                ? OllamaMessage(reply.Content ?? string.Empty, done: false).ToJsonString() + "\n" + final.ToJsonString() + "\n"
                : final.ToJsonString();
        }
        else
        {
            response.ContentType = "application/json";
            payload = new JsonObject
            {
                ["id"] = "chatcmpl-loopback",
                ["object"] = "chat.completion",
                ["created"] = 1767225600,
                ["model"] = "loopback-model",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content, ["refusal"] = reply.Refusal },
                    ["finish_reason"] = "stop",
                    ["logprobs"] = null,
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 120, ["completion_tokens"] = 40, ["total_tokens"] = 160 },
            }.ToJsonString();
        }

        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
        response.Close();
    }

    private static JsonObject OllamaMessage(string content, bool done)
    {
        var message = new JsonObject
        {
            ["model"] = "loopback-model",
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = done,
        };
        if (done)
        {
            message["done_reason"] = "stop";
            message["total_duration"] = 1000;
            message["prompt_eval_count"] = 120;
            message["eval_count"] = 40;
        }

        return message;
    }
}

/// <summary>One request the server received: its path, raw body, the messages' texts and the response format asked for.</summary>
internal sealed record LlmRequest(string Path, string Body, IReadOnlyList<string> Messages, bool Stream, string? ResponseFormat)
{
    public bool IsOllama => Path.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>Gets the text of all messages together.</summary>
    public string Prompt => string.Join("\n", Messages);

    public static LlmRequest Parse(string path, string body)
    {
        var messages = new List<string>();
        bool stream = false;
        string? format = null;
        try
        {
            JsonNode? root = JsonNode.Parse(body);
            if (root?["messages"] is JsonArray array)
            {
                foreach (JsonNode? message in array)
                {
                    JsonNode? content = message?["content"];
                    if (content is JsonValue value && value.TryGetValue(out string? text))
                    {
                        messages.Add(text);
                    }
                    else if (content is JsonArray parts)
                    {
                        foreach (JsonNode? part in parts)
                        {
                            if (part?["text"]?.GetValue<string>() is { } partText)
                            {
                                messages.Add(partText);
                            }
                        }
                    }
                }
            }

            stream = root?["stream"] is JsonValue s && s.TryGetValue(out bool b) && b;
            format = (root?["response_format"] ?? root?["format"])?.ToJsonString();
        }
        catch (JsonException)
        {
        }

        return new LlmRequest(path, body, messages, stream, format);
    }
}

/// <summary>What the server answers: a status, the assistant's content, an optional refusal and a delay.</summary>
internal sealed record LlmReply(int Status, string? Content)
{
    public TimeSpan Delay { get; init; }

    public string? Refusal { get; init; }
}
