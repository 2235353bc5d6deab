// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core.Tests;

/// <summary>A chat server on 127.0.0.1 (a random free port) that speaks the Ollama <c>/api/chat</c> and OpenAI
/// <c>/v1/chat/completions</c> wire formats, answers as the test's handler says, and records every request.</summary>
/// <remarks>Loopback only; it stops after <c>maxRequests</c> requests (answering 503 beyond them) or when disposed, and
/// every delayed answer is cut short by disposal. A reply can also inject a fault (see <see cref="LlmReply"/>): a status
/// with or without <c>Retry-After</c>, a delay, a body cut short, a raw (malformed) body, or an aborted connection; an
/// optional audit sees every request and records what it objects to in <see cref="Violations"/>.</remarks>
internal sealed class LoopbackLlmServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<LlmRequest, LlmReply> _handler;
    private readonly int _maxRequests;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(120));
    private readonly ConcurrentQueue<LlmRequest> _requests = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _unrecorded = new();
    private readonly Func<LlmRequest, string?>? _audit;
    private readonly Task _loop;
    private int _count;

    public LoopbackLlmServer(Func<LlmRequest, LlmReply> handler, int maxRequests = 400, Func<LlmRequest, string?>? audit = null)
    {
        _handler = handler;
        _maxRequests = maxRequests;
        _audit = audit;
        (_listener, BaseUri) = Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri { get; }

    public IReadOnlyCollection<LlmRequest> Requests => _requests.ToArray();

    /// <summary>Gets what the audit objected to, one entry per offending request.</summary>
    public IReadOnlyCollection<string> Violations => _violations.ToArray();

    /// <summary>Gets the failures of requests that broke off before they could be read and recorded.</summary>
    public IReadOnlyCollection<string> Unrecorded => _unrecorded.ToArray();

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
        bool recorded = false;
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync(_stop.Token).ConfigureAwait(false);
            }

            string path = context.Request.Url!.AbsolutePath;
            LlmRequest request = LlmRequest.Parse(path, body) with { Received = Stopwatch.GetTimestamp() };
            _requests.Enqueue(request);
            recorded = true;
            if (_audit?.Invoke(request) is { } violation)
            {
                _violations.Enqueue(violation);
            }

            LlmReply reply = Interlocked.Increment(ref _count) > _maxRequests ? new LlmReply(503, null) : _handler(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token).ConfigureAwait(false);
            }

            if (reply.Reset)
            {
                Reset(context);
                return;
            }

            await WriteAsync(context.Response, request, reply).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            if (!recorded)
            {
                _unrecorded.Enqueue(ex.GetType().Name + ": " + ex.Message);
            }

            try
            {
                context.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Drops the connection with a TCP reset before any byte of the answer. HttpListener has no public way to
    /// do so, so this reaches its socket by reflection; where that fails, it promises a body and sends none.</summary>
    private static void Reset(HttpListenerContext context)
    {
        try
        {
            object? connection = typeof(HttpListenerContext).GetProperty("Connection", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(context);
            if (connection?.GetType().GetField("_socket", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(connection) is Socket socket)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            else
            {
                context.Response.ContentLength64 = 1;
                context.Response.OutputStream.Flush();
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or SocketException or InvalidOperationException or HttpListenerException)
        {
        }

        try
        {
            context.Response.Abort();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or SocketException or InvalidOperationException or HttpListenerException)
        {
        }
    }

    private async Task WriteAsync(HttpListenerResponse response, LlmRequest request, LlmReply reply)
    {
        string payload;
        response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } retryAfter)
        {
            response.AddHeader("Retry-After", retryAfter);
        }

        if (reply.RawBody is { } raw)
        {
            response.ContentType = "application/json";
            payload = raw;
        }
        else if (reply.Status != 200)
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
        if (reply.TruncateAt is { } cut && cut < bytes.Length)
        {
            // Promise the whole body, send part of it, then drop the connection.
            await response.OutputStream.WriteAsync(bytes.AsMemory(0, cut), _stop.Token).ConfigureAwait(false);
            await response.OutputStream.FlushAsync(_stop.Token).ConfigureAwait(false);
            response.Abort();
            return;
        }

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

    /// <summary>Gets when the server received the request (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Received { get; init; }

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

/// <summary>What the server answers: a status, the assistant's content, an optional refusal and a delay, and optionally
/// a fault: a <c>Retry-After</c> header, a raw body instead of the wire format's, a body cut short, or a reset.</summary>
internal sealed record LlmReply(int Status, string? Content)
{
    public TimeSpan Delay { get; init; }

    public string? Refusal { get; init; }

    /// <summary>Gets the value of a <c>Retry-After</c> header (seconds or an HTTP date); none when <see langword="null"/>.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Gets a body sent as is (with status <see cref="Status"/>) instead of the wire format's answer.</summary>
    public string? RawBody { get; init; }

    /// <summary>Gets the number of bytes of the body sent before the connection is dropped (the full length is promised).</summary>
    public int? TruncateAt { get; init; }

    /// <summary>Gets a value indicating whether the connection is aborted without any answer.</summary>
    public bool Reset { get; init; }
}
