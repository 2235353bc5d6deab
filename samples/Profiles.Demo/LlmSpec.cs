// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Profiles.Demo;

/// <summary>An LLM endpoint from <c>--llm ollama=&lt;url&gt;,&lt;model&gt;</c> or <c>--llm openai=&lt;url&gt;,&lt;model&gt;</c>.</summary>
/// <param name="Provider">Either <c>ollama</c> or <c>openai</c>.</param>
/// <param name="Endpoint">The server's base address.</param>
/// <param name="Model">The model id.</param>
internal sealed record LlmSpec(string Provider, Uri Endpoint, string Model)
{
    /// <summary>The environment variable the OpenAI-compatible key is read from.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Parses <c>provider=url,model</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="spec">The endpoint, when valid.</param>
    /// <param name="error">Why the value is invalid, when it is.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is valid.</returns>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LlmSpec? spec, out string error)
    {
        spec = null;
        error = string.Empty;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        int comma = text.LastIndexOf(',');
        if (equals <= 0 || comma < equals)
        {
            error = $"--llm expects ollama=<url>,<model> or openai=<url>,<model>; got '{text}'.";
            return false;
        }

        string provider = text[..equals].Trim().ToLowerInvariant();
        string url = text[(equals + 1)..comma].Trim();
        string model = text[(comma + 1)..].Trim();
        if (provider is not ("ollama" or "openai"))
        {
            error = $"--llm: unknown provider '{provider}'; use ollama or openai.";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            error = $"--llm: '{url}' is not an http or https address.";
            return false;
        }

        if (model.Length == 0)
        {
            error = "--llm: the model id after the comma is empty.";
            return false;
        }

        spec = new LlmSpec(provider, endpoint, model);
        return true;
    }

    /// <summary>Creates the chat client. The OpenAI SDK's own retries are off so that the enricher's pipeline is the only one retrying.</summary>
    /// <param name="note">A line for the user (for example that no API key was set).</param>
    /// <returns>The client.</returns>
    public IChatClient CreateClient(out string? note)
    {
        note = null;
        if (Provider == "ollama")
        {
            return new OllamaApiClient(Endpoint, Model);
        }

        string? key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            note = $"{ApiKeyVariable} is not set; sending a placeholder key (fine for local OpenAI-compatible servers).";
            key = "not-set";
        }

        var options = new OpenAIClientOptions { Endpoint = Endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(Model).AsIChatClient();
    }

    /// <summary>Checks that the server answers HTTP at all (any status counts), without calling the model.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns><see langword="null"/> when reachable, else why not.</returns>
    public async Task<string?> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(Endpoint, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0} s";
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider} {Model} at {Endpoint}";
}
