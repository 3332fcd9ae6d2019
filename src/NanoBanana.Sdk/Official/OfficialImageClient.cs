using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The official route client: Google Standard real-time image calls over the Interactions API or generateContent
/// with the caller's Gemini API key. Immutable and thread-safe: build one and share it. Nothing is retried here;
/// every failure is a classified <see cref="NanoBananaException"/> with owner, next move, repro packet and cost record.
/// </summary>
/// <remarks>
/// The answer is read as a stream and each image is base64-decoded once into its final buffer, so a 4K answer is
/// never held as a string. Redirects are refused: .NET resends custom headers such as <c>x-goog-api-key</c> to
/// wherever a redirect points.
/// </remarks>
public sealed class OfficialImageClient : IOfficialImageClient, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly OfficialSettings _settings;
    private readonly HttpClient? _ownedHttp;
    private readonly ServicePipeline _pipeline;

    /// <summary>
    /// Creates a client with its own <see cref="HttpClient"/> (redirects off, no HttpClient timeout: the client's
    /// <see cref="NanoBananaClientOptions.Timeout"/> applies). Dispose the client to release it.
    /// </summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid (no key, <c>http://</c> to a remote host, …); the message lists every one.</exception>
    public OfficialImageClient(OfficialImageClientOptions options)
        : this(OfficialSettings.From(options), null, null, null)
    {
    }

    /// <summary>
    /// Creates a client on the caller's <see cref="HttpClient"/>, which stays the caller's to dispose. Its handler
    /// should not follow redirects (<c>AllowAutoRedirect = false</c>): a followed redirect is detected and refused, but
    /// by then the key has been sent to the redirect's target. Its <see cref="HttpClient.Timeout"/> also applies; 4K
    /// images need more than the 100 s default.
    /// </summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="httpClient">The HTTP client to send with; its <see cref="HttpClient.BaseAddress"/> is not used.</param>
    /// <param name="logger">Receives one line per call (route, model, status, latency, request id, cost); never the key or the prompt.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid.</exception>
    public OfficialImageClient(OfficialImageClientOptions options, HttpClient httpClient, ILogger? logger = null)
        : this(OfficialSettings.From(options), httpClient ?? throw new ArgumentNullException(nameof(httpClient)), null, logger)
    {
    }

    /// <summary>
    /// Creates a client that takes its <see cref="HttpClient"/> per call from <paramref name="httpClientSource"/>
    /// (e.g. <c>() =&gt; factory.CreateClient("NanoBanana.Official")</c>), so a long-lived client follows
    /// <c>IHttpClientFactory</c>'s handler rotation. The clients stay the source's to dispose.
    /// </summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="httpClientSource">Returns the HTTP client for one call.</param>
    /// <param name="logger">Receives one line per call; never the key or the prompt.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid.</exception>
    public OfficialImageClient(OfficialImageClientOptions options, Func<HttpClient> httpClientSource, ILogger? logger = null)
        : this(OfficialSettings.From(options), null, httpClientSource ?? throw new ArgumentNullException(nameof(httpClientSource)), logger)
    {
    }

    private OfficialImageClient(OfficialSettings settings, HttpClient? httpClient, Func<HttpClient>? httpClientSource, ILogger? logger)
    {
        _settings = settings;
        if (httpClientSource is null)
        {
            _ownedHttp = httpClient is null ? HttpClientRecipe.CreateClient() : null;
            var http = httpClient ?? _ownedHttp!;
            httpClientSource = () => http;
        }

        _pipeline = new ServicePipeline(httpClientSource, settings.Time, logger ?? NullLogger.Instance, settings.ProjectId);
    }

    /// <summary>Which transport this client uses.</summary>
    public OfficialTransport Transport => _settings.Transport;

    /// <summary>The resolved API endpoint (from the options, <c>GOOGLE_GEMINI_BASE_URL</c> or the default).</summary>
    public Uri BaseUrl => _settings.BaseUrl;

    /// <inheritdoc/>
    public Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
        => GenerateAsync(ImageRequests.ForPrompt(prompt), cancellationToken);

    /// <inheritdoc/>
    public Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default)
        => GenerateAsync(ImageRequests.ForEdit(prompt, images), cancellationToken);

    /// <inheritdoc/>
    public Task<ImageGenerationResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var call = OfficialRequestBuilder.Build(request, _settings);
        cancellationToken.ThrowIfCancellationRequested();
        var reader = new OfficialAnswerReader(_settings, call);
        var body = call.Body;
        var service = new ServiceRequest
        {
            Method = HttpMethod.Post,
            Uri = call.Uri,
            Content = () => new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
            Auth = ServiceAuth.GoogleApiKey,
            Secret = _settings.ApiKey,
            Endpoint = call.Endpoint,
            Metadata = new NanoBananaRequestMetadata
            {
                Route = ImageRoute.Official,
                Lane = call.Tier.Lane,
                ProjectId = _settings.ProjectId,
                Model = call.Model.ModelId,
                IsPaidGeneration = true,
                ImageCount = 1,
                EstimatedTokens = EstimateTokens(call),
                ClientRequestId = request.ClientRequestId,
            },
            Context = reader.Context,
            Cost = (outcome, retries) => reader.Cost(outcome, null, 1, 0, retries),
            EndpointSetting = _settings.EndpointSetting,
            ClientName = nameof(OfficialImageClient),
            Timeout = call.Timeout,
        };
        return _pipeline.SendAsync(service, reader.ReadAsync, static r => new CallSummary(r.Images.Count, r.RequestId, r.Cost, r.Warnings, r.Usage, r.ReturnedModel), cancellationToken);
    }

    /// <summary>
    /// The tokens a call counts against a tokens-per-minute limit, estimated before sending: about 4 prompt characters
    /// a token, 560 tokens per input image (Google's pricing page for Pro) and the model's output tokens for the size
    /// (1,290 when the model is not in the catalog).
    /// </summary>
    private static int EstimateTokens(OfficialCall call)
    {
        const int InputImageTokens = 560;
        const int UnknownImageTokens = 1290;
        var output = call.Model.Model?.TokensFor(call.PricedSize) ?? UnknownImageTokens;
        var prompt = (call.Request.Prompt.Length + 3) / 4;
        return (int)Math.Min(int.MaxValue, (long)prompt + ((long)InputImageTokens * call.Request.InputImages.Count) + output);
    }

    /// <summary>Releases the <see cref="HttpClient"/> this client created; a caller's client is left alone.</summary>
    public void Dispose() => _ownedHttp?.Dispose();
}
