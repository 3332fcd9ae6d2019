using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Images;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Official;

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
public sealed partial class OfficialImageClient : IOfficialImageClient, IDisposable
{
    /// <summary>How much of an error answer's body is read (the rest is left unread): 64 KiB.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private static readonly string[] SafetyFinishReasons =
        ["SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII"];

    private readonly OfficialSettings _settings;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a client with its own <see cref="HttpClient"/> (redirects off, no HttpClient timeout: the client's
    /// <see cref="OfficialImageClientOptions.Timeout"/> applies). Dispose the client to release it.
    /// </summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid (no key, <c>http://</c> to a remote host, …).</exception>
    public OfficialImageClient(OfficialImageClientOptions options)
        : this(OfficialSettings.From(options), null, null)
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
    /// <param name="logger">Receives one line per call (model, latency, request id, cost); never the key or the prompt.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public OfficialImageClient(OfficialImageClientOptions options, HttpClient httpClient, ILogger? logger = null)
        : this(OfficialSettings.From(options), httpClient ?? throw new ArgumentNullException(nameof(httpClient)), logger)
    {
    }

    private OfficialImageClient(OfficialSettings settings, HttpClient? httpClient, ILogger? logger)
    {
        _settings = settings;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Which transport this client uses.</summary>
    public OfficialTransport Transport => _settings.Transport;

    /// <summary>The resolved API endpoint (from the options, <c>GOOGLE_GEMINI_BASE_URL</c> or the default).</summary>
    public Uri BaseUrl => _settings.BaseUrl;

    /// <inheritdoc/>
    public Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        return GenerateAsync(new ImageGenerationRequest(prompt), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        if (images is not { Count: > 0 })
        {
            throw new ArgumentException("An edit needs at least one input image: create them with ImageInput.FromBytes or ImageInput.FromStreamAsync.", nameof(images));
        }

        return GenerateAsync(new ImageGenerationRequest(prompt) { InputImages = images }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ImageGenerationResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        var call = OfficialRequestBuilder.Build(request, _settings);
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = new Attempt(this, call);
        try
        {
            var result = await attempt.RunAsync(cancellationToken).ConfigureAwait(false);
            LogResult(result);
            return result;
        }
        catch (NanoBananaException error)
        {
            LogFailure(_logger, call.Model.Requested, _settings.ProjectId ?? "unset", call.Endpoint, error.GetType().Name, error.StatusCode, error.RequestId, error.LikelyOwner);
            throw;
        }
    }

    /// <summary>Releases the <see cref="HttpClient"/> this client created; a caller's client is left alone.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    private void LogResult(ImageGenerationResult result)
    {
        foreach (var warning in result.Warnings)
        {
            LogWarning(_logger, result.RequestedModel, warning);
        }

        LogSuccess(
            _logger,
            result.RequestedModel,
            _settings.ProjectId ?? "unset",
            result.Endpoint,
            result.Lane,
            result.Images.Count,
            (long)result.Latency.TotalMilliseconds,
            result.RequestId ?? "none",
            result.Cost.EffectiveCostUsd?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Official image call {Model} for project {Project} {Endpoint} on {Lane}: {ImageCount} image(s) in {LatencyMs} ms, request id {RequestId}, cost {CostUsd} USD")]
    private static partial void LogSuccess(ILogger logger, string model, string project, string? endpoint, PriceLane lane, int imageCount, long latencyMs, string requestId, string costUsd);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Official image call {Model}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string model, string warning);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Official image call {Model} for project {Project} {Endpoint} failed: {ErrorType}, HTTP {StatusCode}, request id {RequestId}, likely owner {Owner}")]
    private static partial void LogFailure(ILogger logger, string model, string project, string endpoint, string errorType, int? statusCode, string? requestId, ErrorOwner owner);

    /// <summary>One call: sends it, reads the answer, and turns every way it can end into a result or a classified error.</summary>
    private sealed class Attempt(OfficialImageClient client, OfficialCall call)
    {
        private readonly OfficialSettings _settings = client._settings;
        private readonly ErrorContext _context = new()
        {
            Route = ImageRoute.Official,
            Lane = call.Tier.Lane,
            Model = call.Model,
            ProjectId = client._settings.ProjectId,
            KeyType = client._settings.KeyType,
            Secret = client._settings.ApiKey,
            Size = call.PricedSize,
            AspectRatio = call.Request.AspectRatio,
            Prompt = call.Request.Prompt,
            IncludePromptInPacket = client._settings.IncludePromptInPacket,
            Endpoint = call.Endpoint,
            Time = client._settings.Time,
        };

        public async Task<ImageGenerationResult> RunAsync(CancellationToken cancellationToken)
        {
            var time = _settings.Time;
            using var timeout = _settings.Timeout == System.Threading.Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_settings.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
            var started = time.GetTimestamp();
            try
            {
                using var message = CreateMessage();
                using var response = await client._http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                return await ReadAsync(response, started, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                // The linked token is an implementation detail: the caller sees its own token.
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }
            catch (OperationCanceledException ex) when (timeout?.IsCancellationRequested == true || ex.InnerException is TimeoutException)
            {
                // Ours, or the caller's HttpClient.Timeout (a TaskCanceledException wrapping a TimeoutException).
                throw ErrorClassifier.FromTimeout(_context, time.GetElapsedTime(started), ex, Cost(BillingOutcome.Timeout));
            }
            catch (HttpRequestException ex)
            {
                throw ErrorClassifier.FromTransportFailure(_context, ex, null, null, Cost(BillingOutcome.ServerError));
            }
        }

        private HttpRequestMessage CreateMessage()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, call.Uri)
            {
                Content = new ByteArrayContent(call.Body) { Headers = { ContentType = JsonContentType } },
            };
            var headers = message.Headers;
            headers.TryAddWithoutValidation("x-goog-api-key", _settings.ApiKey);
            headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.UserAgent);
            headers.TryAddWithoutValidation("x-goog-api-client", SdkUserAgent.GoogApiClient);
            return message;
        }

        private async Task<ImageGenerationResult> ReadAsync(HttpResponseMessage response, long started, CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            var requestId = SecretRedactor.Redact(ResponseHeaders.Read(response, _settings.Time).RequestId, _settings.ApiKey);
            if (status is >= 300 and < 400)
            {
                throw ErrorClassifier.Malformed(_context, status, requestId, RedirectRefused(response), null, Cost(BillingOutcome.ClientError));
            }

            if (response.RequestMessage?.RequestUri is { } answered && answered != call.Uri)
            {
                throw ErrorClassifier.Malformed(_context, status, requestId, RedirectFollowed(answered), null, Cost(BillingOutcome.ClientError));
            }

            if (!response.IsSuccessStatusCode)
            {
                var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                throw ErrorClassifier.FromResponse(_context, response, body, Cost(OutcomeOf(status)));
            }

            ParsedImageResponse parsed;
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var limits = new ImageParseLimits(_settings.MaxImageBytes, ContentLength: response.Content.Headers.ContentLength);
                    parsed = call.Transport == OfficialTransport.Interactions
                        ? await ImageResponseParser.ParseInteractionAsync(stream, limits, cancellationToken).ConfigureAwait(false)
                        : await ImageResponseParser.ParseGenerateContentAsync(stream, limits, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ResponseParseException ex)
            {
                throw ErrorClassifier.Malformed(_context, status, requestId, ex.Message, ex, Cost(BillingOutcome.NoImage));
            }

            var latency = _settings.Time.GetElapsedTime(started);
            var text = parsed.Text.Length > 0 ? parsed.Text.ToString() : null;

            // generateContent says why in finishReason; a failed interaction in errors[0].code, else only its status.
            var finishReason = parsed.FinishReason ?? parsed.ErrorCode ?? parsed.Status;
            if (parsed.Images.Count == 0)
            {
                var (reason, blockReason) = NoImageReasonOf(parsed, finishReason, text);
                var explanation = text ?? parsed.FinishMessage ?? parsed.BlockReasonMessage ?? parsed.ErrorMessage;
                throw ErrorClassifier.NoImage(
                    _context, reason, explanation, finishReason, blockReason, parsed.Usage, status, requestId, Cost(BillingOutcome.NoImage, parsed.Usage, groundingQueries: parsed.GroundingQueries));
            }

            var images = new GeneratedImage[parsed.Images.Count];
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = new GeneratedImage(parsed.Images[i].Data, parsed.Images[i].MimeType);
            }

            return new ImageGenerationResult
            {
                Images = images,
                Text = text,
                Model = call.Model,
                ReturnedModel = parsed.ModelVersion,
                ResponseId = parsed.ResponseId,
                RequestId = requestId,
                FinishReason = finishReason,
                Usage = parsed.Usage,
                Size = call.Request.Size,
                AspectRatio = call.Request.AspectRatio,
                Latency = latency,
                Route = ImageRoute.Official,
                Lane = call.Tier.Lane,
                Endpoint = call.Endpoint,
                Cost = Cost(BillingOutcome.Success, parsed.Usage, images.Length, parsed.GroundingQueries),
                Warnings = WarningsWith(parsed.ModelVersion, parsed.GroundingQueries),
            };
        }

        // A gateway or an alias may route to another model than the one asked for and priced; say so rather than bill silently.
        private IReadOnlyList<string> WarningsWith(string? returnedModel, int groundingQueries)
        {
            // Reported queries are in the cost record; the warning stays only when a grounded answer reported none.
            IReadOnlyList<string> warnings = groundingQueries > 0
                ? [.. call.Warnings.Where(w => !string.Equals(w, OfficialRequestBuilder.UncountedGroundingWarning, StringComparison.Ordinal))]
                : call.Warnings;
            if (string.IsNullOrWhiteSpace(returnedModel)
                || string.Equals(_settings.Catalog.Resolve(returnedModel).ModelId, call.Model.ModelId, StringComparison.Ordinal))
            {
                return warnings;
            }

            return [.. warnings, $"The service says model '{returnedModel}' answered, not the requested '{call.Model.Requested}' ({call.Model.ModelId}); the cost record prices {call.Model.ModelId}."];
        }

        private CostRecord Cost(BillingOutcome outcome, TokenUsage? usage = null, int imageCount = 1, int groundingQueries = 0) =>
            _settings.Pricing.Record(
                new CostQuery(ImageRoute.Official, call.Tier.Lane, call.Model, call.PricedSize, call.Request.Operation, imageCount),
                new CallBilling { Outcome = outcome, Usage = usage, GroundingQueries = groundingQueries });

        private static BillingOutcome OutcomeOf(int status) => status switch
        {
            429 => BillingOutcome.RateLimited,
            408 => BillingOutcome.Timeout,
            >= 500 => BillingOutcome.ServerError,
            _ => BillingOutcome.ClientError,
        };

        private (NoImageReason Reason, string? BlockReason) NoImageReasonOf(ParsedImageResponse parsed, string? finishReason, string? text)
        {
            if (parsed.BlockReason is not null)
            {
                return (NoImageReason.PromptBlocked, parsed.BlockReason);
            }

            if (finishReason is not null && Array.Exists(SafetyFinishReasons, r => string.Equals(r, finishReason, StringComparison.OrdinalIgnoreCase)))
            {
                // An interaction that failed on a safety code before producing any output step never started
                // generating: the prompt (or an input image) was refused, as promptFeedback.blockReason says on generateContent.
                return call.Transport == OfficialTransport.Interactions && parsed.CandidateCount == 0 && parsed.ErrorCode is not null
                    ? (NoImageReason.PromptBlocked, parsed.ErrorCode)
                    : (NoImageReason.SafetyFinish, null);
            }

            var finishedNormally = finishReason is null
                || string.Equals(finishReason, "STOP", StringComparison.OrdinalIgnoreCase)
                || string.Equals(finishReason, "completed", StringComparison.OrdinalIgnoreCase);
            return (finishedNormally && text is not null ? NoImageReason.TextOnly : NoImageReason.OtherFinish, null);
        }

        private static async Task<byte[]> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var buffer = new byte[MaxErrorBodyBytes];
            var filled = 0;
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    int read;
                    while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        filled += read;
                    }
                }
            }
            catch (IOException)
            {
                // The status already classifies the error; a body cut short only loses detail.
            }

            return buffer.AsSpan(0, filled).ToArray();
        }

        private static string Origin(Uri uri) =>
            uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped) : "a relative location";

        private string RedirectRefused(HttpResponseMessage response)
        {
            var location = response.Headers.Location is { } target
                ? Origin(target.IsAbsoluteUri ? target : new Uri(call.Uri, target))
                : "no Location";
            return string.Create(
                CultureInfo.InvariantCulture,
                $"HTTP {(int)response.StatusCode} redirect to {location} was not followed, so the API key was not sent there. Point OfficialImageClientOptions.BaseUrl (or GOOGLE_GEMINI_BASE_URL) at the final endpoint if the redirect is expected");
        }

        private static string RedirectFollowed(Uri answered) =>
            $"the HttpClient passed to OfficialImageClient followed a redirect to {Origin(answered)}, which received the API key too. Give it a handler with AllowAutoRedirect = false (the client's own HttpClient has one), and rotate the key if that origin is not yours";
    }
}
