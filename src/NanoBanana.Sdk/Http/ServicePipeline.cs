using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Diagnostics;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Http;

/// <summary>How a request authenticates.</summary>
internal enum ServiceAuth
{
    /// <summary>Google's <c>x-goog-api-key</c> header (plus Google's <c>x-goog-api-client</c> attribution).</summary>
    GoogleApiKey,

    /// <summary><c>Authorization: Bearer</c> (provider gateways; no Google attribution header).</summary>
    Bearer,
}

/// <summary>One service call for the <see cref="ServicePipeline"/>: where, how, with what, and how to explain and price its failures.</summary>
internal sealed class ServiceRequest
{
    public required HttpMethod Method { get; init; }

    public required Uri Uri { get; init; }

    /// <summary>Creates the body; called once per send, so a handler that resends the request gets a fresh one.</summary>
    public Func<HttpContent>? Content { get; init; }

    public required ServiceAuth Auth { get; init; }

    public required string Secret { get; init; }

    /// <summary>Method and path for messages and logs, e.g. <c>POST /v1beta/interactions</c>.</summary>
    public required string Endpoint { get; init; }

    public required NanoBananaRequestMetadata Metadata { get; init; }

    public required ErrorContext Context { get; init; }

    /// <summary>Prices a failed call that ended with an outcome, given the retries made so far.</summary>
    public required Func<BillingOutcome, int, CostRecord> Cost { get; init; }

    /// <summary>The setting that names the endpoint, for redirect messages, e.g. <c>OfficialImageClientOptions.BaseUrl (or GOOGLE_GEMINI_BASE_URL)</c>.</summary>
    public required string EndpointSetting { get; init; }

    /// <summary>The client type, for messages, e.g. <c>OfficialImageClient</c>.</summary>
    public required string ClientName { get; init; }

    /// <summary>The call's timeout from send to the end of the answer; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Extra request headers (e.g. the resumable upload protocol's or a download's <c>Range</c>); never secrets.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The model name for logs.</summary>
    public string LogModel => Context.Model?.Requested ?? Metadata.Model ?? "none";
}

/// <summary>What the pipeline knows about an answer when it hands the body to a reader.</summary>
internal sealed class ServiceAnswer
{
    public required ServiceRequest Request { get; init; }

    public required int Status { get; init; }

    public required string? RequestId { get; init; }

    public required ResponseInfo Info { get; init; }

    public required long Started { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Attempts so far: what handlers counted, at least 1.</summary>
    public int Attempts => Math.Max(1, Request.Metadata.Attempts);

    /// <summary>Retries beyond the first attempt.</summary>
    public int Retries => Attempts - 1;

    public TimeSpan Elapsed => Time.GetElapsedTime(Started);
}

/// <summary>A successful call's facts for the log line and the telemetry.</summary>
internal readonly record struct CallSummary(int ImageCount, string? RequestId, CostRecord Cost, IReadOnlyList<string> Warnings, TokenUsage? Usage = null, string? ResponseModel = null);

/// <summary>
/// The one route-neutral call pipeline every client sends through: authentication, the request metadata handlers
/// partition on, the per-call <see cref="HttpClient"/>, the timeout, redirect refusal, the capped error body, the
/// classification of every way a call can end, the billing outcome and cost record, and the log lines. A route client
/// only maps its request to a <see cref="ServiceRequest"/> and reads a success body.
/// </summary>
internal sealed class ServicePipeline(Func<HttpClient> httpClient, TimeProvider time, ILogger logger, string? projectId)
{
    public TimeProvider Time => time;

    /// <summary>Sends the request and reads the answer, turning every ending into a result, a <see cref="NanoBananaException"/> or the caller's cancellation.</summary>
    /// <typeparam name="T">What the reader makes of a success answer.</typeparam>
    /// <param name="request">The call.</param>
    /// <param name="read">Reads a success (2xx) answer; throws classified exceptions for answers it cannot use.</param>
    /// <param name="summarize">The log line's facts from a result.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>What the reader returned.</returns>
    public async Task<T> SendAsync<T>(
        ServiceRequest request,
        Func<HttpResponseMessage, ServiceAnswer, CancellationToken, Task<T>> read,
        Func<T, CallSummary> summarize,
        CancellationToken cancellationToken)
    {
        // Telemetry wraps the call: one span and one set of measurements per call, whatever the route.
        var model = request.Metadata.Model ?? request.LogModel;
        using var activity = Telemetry.Start(request.Metadata, model, request.Uri);
        if (request.Context is { IncludePromptInTelemetry: true, Prompt: { } prompt })
        {
            Telemetry.SetPrompt(activity, SecretRedactor.Redact(prompt, request.Secret) ?? string.Empty);
        }

        var started = time.GetTimestamp();
        try
        {
            var result = await SendCoreAsync(request, read, summarize, cancellationToken).ConfigureAwait(false);
            Telemetry.Succeeded(activity, request.Metadata, model, summarize(result), time.GetElapsedTime(started));
            return result;
        }
        catch (NanoBananaException ex)
        {
            Telemetry.Failed(activity, request.Metadata, model, ex.Kind.ToString(), ex.Cost, time.GetElapsedTime(started), ex.Kind.ToString());
            throw;
        }
        catch (OperationCanceledException ex)
        {
            Telemetry.Failed(activity, request.Metadata, model, ex.GetType().FullName!, null, time.GetElapsedTime(started), "cancelled by the caller");
            throw;
        }
        catch (Exception ex)
        {
            Telemetry.Failed(activity, request.Metadata, model, ex.GetType().FullName!, null, time.GetElapsedTime(started), null);
            throw;
        }
    }

    private async Task<T> SendCoreAsync<T>(
        ServiceRequest request,
        Func<HttpResponseMessage, ServiceAnswer, CancellationToken, Task<T>> read,
        Func<T, CallSummary> summarize,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = request.Timeout == System.Threading.Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(request.Timeout, time);
        // A link is needed only when both tokens can fire; otherwise the one that can (or none) is used as is.
        using var linked = cancellationToken.CanBeCanceled && timeout is not null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token) : null;
        var token = linked?.Token ?? timeout?.Token ?? cancellationToken;
        var started = time.GetTimestamp();
        var headersArrived = false;
        int? status = null;
        string? requestId = null;
        try
        {
            using var message = CreateMessage(request);
            var http = httpClient();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            headersArrived = true;
            status = (int)response.StatusCode;
            requestId = SecretRedactor.Redact(ResponseHeaders.RequestIdOf(response.Headers), request.Secret);
            var answer = new ServiceAnswer
            {
                Request = request,
                Status = status.Value,
                RequestId = requestId,
                Info = ResponseInfo.From(response, requestId, request.Secret),
                Started = started,
                Time = time,
            };
            var result = await ReadAsync(response, answer, read, token).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Warning))
            {
                // The log line's arguments (the cost formatted as text, the summary) are built only for a logger that listens.
                LogSuccess(request, answer, summarize(result));
            }
            return result;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The linked token is an implementation detail: the caller sees its own token. The call still gets a cost record.
            var cost = request.Cost(BillingOutcome.Cancelled, Retries(request));
            Log.CallCancelled(logger, request.Context.Route, request.LogModel, projectId ?? "unset", request.Endpoint,
                (long)time.GetElapsedTime(started).TotalMilliseconds, cost.BillingNote ?? cost.Billable.ToString(CultureInfo.InvariantCulture));
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (timeout?.IsCancellationRequested == true || ex.InnerException is TimeoutException)
        {
            // Ours, or the caller's HttpClient.Timeout (a TaskCanceledException wrapping a TimeoutException).
            throw Failed(request, ErrorClassifier.FromTimeout(request.Context, time.GetElapsedTime(started), ex, request.Cost(BillingOutcome.Timeout, Retries(request))));
        }
        catch (NanoBananaException ex)
        {
            throw Failed(request, ex);
        }
        catch (HttpRequestException ex) when (!headersArrived)
        {
            var notSent = NeverSent(ex);
            throw Failed(request, ErrorClassifier.FromTransportFailure(
                request.Context, ex, null, null, request.Cost(notSent ? BillingOutcome.NotSent : BillingOutcome.ConnectionLost, Retries(request)), notSent));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && headersArrived)
        {
            // The body broke after the headers: a success answer was generated (unreadable); an error answer only loses detail.
            var outcome = status is >= 200 and < 300 ? BillingOutcome.Unreadable : OutcomeOf(status ?? 0);
            throw Failed(request, ErrorClassifier.FromTransportFailure(request.Context, ex, status, requestId, request.Cost(outcome, Retries(request))));
        }
        catch (Exception ex) when (!headersArrived && ex is not (OperationCanceledException or ArgumentException or ObjectDisposedException or OutOfMemoryException))
        {
            // A handler in the caller's HttpClient pipeline (Polly's rejections, a user's handler) threw instead of answering.
            // Polly's rejections and a quota limiter's refusal happen before the request leaves: not sent, not billed.
            var polly = ex is QuotaPermitDeniedException
                || (ex.GetType().FullName?.StartsWith("Polly.", StringComparison.Ordinal) == true && ex.GetType().Name != "TimeoutRejectedException");
            var outcome = polly ? BillingOutcome.NotSent : ex.GetType().Name == "TimeoutRejectedException" ? BillingOutcome.Timeout : BillingOutcome.ConnectionLost;
            throw Failed(request, ErrorClassifier.FromClientPipeline(request.Context, ex, time.GetElapsedTime(started), request.Cost(outcome, Retries(request))));
        }
    }

    /// <summary>The billing outcome of a non-success status.</summary>
    public static BillingOutcome OutcomeOf(int status) => status switch
    {
        429 => BillingOutcome.RateLimited,
        408 => BillingOutcome.Timeout,
        >= 500 => BillingOutcome.ServerError,
        _ => BillingOutcome.ClientError,
    };

    private static int Retries(ServiceRequest request) => Math.Max(0, request.Metadata.Attempts - 1);

    private static bool NeverSent(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
        || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable };

    private static HttpRequestMessage CreateMessage(ServiceRequest request)
    {
        var message = new HttpRequestMessage(request.Method, request.Uri);
        if (request.Content is { } content)
        {
            message.Content = content();
        }

        var headers = message.Headers;
        if (request.Auth == ServiceAuth.GoogleApiKey)
        {
            headers.TryAddWithoutValidation("x-goog-api-key", request.Secret);
            headers.TryAddWithoutValidation("x-goog-api-client", SdkUserAgent.GoogApiClient);
        }
        else
        {
            headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Secret);
        }

        headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.UserAgent);
        foreach (var (name, value) in request.Headers)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        message.Options.Set(NanoBananaRequestMetadata.Key, request.Metadata);
        return message;
    }

    private static async Task<T> ReadAsync<T>(
        HttpResponseMessage response, ServiceAnswer answer, Func<HttpResponseMessage, ServiceAnswer, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var request = answer.Request;
        var status = answer.Status;
        if (status is >= 300 and < 400)
        {
            throw ErrorClassifier.Malformed(request.Context, status, answer.RequestId, RedirectRefused(request, response), null, request.Cost(BillingOutcome.ClientError, Retries(request)));
        }

        if (response.RequestMessage?.RequestUri is { } answered && answered != request.Uri)
        {
            throw ErrorClassifier.Malformed(request.Context, status, answer.RequestId, RedirectFollowed(request, answered), null, request.Cost(BillingOutcome.ClientError, Retries(request)));
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await ErrorBodyReader.ReadAsync(response, ErrorBodyReader.MaxBytes, cancellationToken).ConfigureAwait(false);
            throw ErrorClassifier.FromResponse(request.Context, response, body, request.Cost(OutcomeOf(status), Retries(request)));
        }

        return await read(response, answer, cancellationToken).ConfigureAwait(false);
    }

    private NanoBananaException Failed(ServiceRequest request, NanoBananaException error)
    {
        var attempts = Math.Max(1, request.Metadata.Attempts);
        Log.CallFailed(logger, request.Context.Route, request.LogModel, projectId ?? "unset", request.Endpoint, error.Kind, error.GetType().Name,
            error.StatusCode, attempts, error.RequestId, error.LikelyOwner, error.Cost?.EffectiveCostUsd?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.ReproPacket(logger, request.Context.Route, error.Packet.ToString());
        }

        return error;
    }

    private void LogSuccess(ServiceRequest request, ServiceAnswer answer, CallSummary summary)
    {
        foreach (var warning in summary.Warnings)
        {
            Log.CallWarning(logger, request.Context.Route, request.LogModel, warning);
        }

        Log.CallSucceeded(logger, request.Context.Route, request.LogModel, projectId ?? "unset", request.Endpoint, summary.Cost.Lane, answer.Status,
            summary.ImageCount, (long)answer.Elapsed.TotalMilliseconds, answer.Attempts, summary.RequestId ?? "none",
            summary.Cost.EffectiveCostUsd?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
    }

    private static string Origin(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped) : "a relative location";

    private static string RedirectRefused(ServiceRequest request, HttpResponseMessage response)
    {
        var location = response.Headers.Location is { } target
            ? Origin(target.IsAbsoluteUri ? target : new Uri(request.Uri, target))
            : "no Location";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP {(int)response.StatusCode} redirect to {location} was not followed, so the API key was not sent there. Point {request.EndpointSetting} at the final endpoint if the redirect is expected");
    }

    private static string RedirectFollowed(ServiceRequest request, Uri answered) =>
        $"the HttpClient passed to {request.ClientName} followed a redirect to {Origin(answered)}, which received the API key too. Give it a handler with AllowAutoRedirect = false (the client's own HttpClient has one), and rotate the key if that origin is not yours";
}
