using System.Net;
using System.Text;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// Builds the exceptions the SDK throws, for your own tests (the exception constructors are internal so that
/// every instance is classified the same way). <see cref="FromResponse"/> runs the SDK's real classifier on a status,
/// a body and headers, so a test sees exactly what production would throw for that answer.
/// </summary>
public static class NanoBananaErrorFactory
{
    /// <summary>Classifies an HTTP error answer exactly as the SDK's clients do.</summary>
    /// <param name="statusCode">The HTTP status, e.g. <c>429</c>.</param>
    /// <param name="body">The response body (a Google or OpenAI-style error envelope, HTML, or nothing).</param>
    /// <param name="route">The route the answer came from.</param>
    /// <param name="model">The model string; defaults to <see cref="ModelCatalog.DefaultModelId"/>.</param>
    /// <param name="headers">Response headers, e.g. <c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-request-id</c>.</param>
    /// <param name="cost">The cost record to attach.</param>
    /// <returns>The classified exception: <see cref="RateLimitException"/>, <see cref="AuthenticationException"/>, etc.</returns>
    public static NanoBananaException FromResponse(
        int statusCode, string? body = null, ImageRoute route = ImageRoute.Official, string? model = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, CostRecord? cost = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)statusCode);
        foreach (var (name, value) in headers ?? [])
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return ErrorClassifier.FromResponse(Context(route, model), response, Encoding.UTF8.GetBytes(body ?? string.Empty), cost);
    }

    /// <summary>Builds the exception for a call that timed out on the client.</summary>
    /// <param name="elapsed">How long the call ran.</param>
    /// <param name="route">The route.</param>
    /// <param name="model">The model string; defaults to <see cref="ModelCatalog.DefaultModelId"/>.</param>
    /// <param name="cost">The cost record to attach.</param>
    /// <returns>A <see cref="ServiceTimeoutException"/>.</returns>
    public static ServiceTimeoutException Timeout(TimeSpan elapsed, ImageRoute route = ImageRoute.Official, string? model = null, CostRecord? cost = null) =>
        (ServiceTimeoutException)ErrorClassifier.FromTimeout(Context(route, model), elapsed, inner: null, cost);

    /// <summary>Builds the exception for a connection failure.</summary>
    /// <param name="inner">The transport exception, e.g. an <see cref="HttpRequestException"/>.</param>
    /// <param name="route">The route.</param>
    /// <param name="model">The model string; defaults to <see cref="ModelCatalog.DefaultModelId"/>.</param>
    /// <returns>A <see cref="ServiceUnavailableException"/>.</returns>
    public static ServiceUnavailableException TransportFailure(Exception inner, ImageRoute route = ImageRoute.Official, string? model = null) =>
        (ServiceUnavailableException)ErrorClassifier.FromTransportFailure(Context(route, model), inner, statusCode: null, requestId: null);

    /// <summary>Builds the exception for an answer without an image.</summary>
    /// <param name="reason">Why there is no image.</param>
    /// <param name="text">Text the model returned instead.</param>
    /// <param name="finishReason">The finish reason, e.g. <c>IMAGE_SAFETY</c>.</param>
    /// <param name="blockReason">The prompt block reason, e.g. <c>SAFETY</c>.</param>
    /// <param name="usage">Token usage.</param>
    /// <param name="route">The route.</param>
    /// <param name="model">The model string; defaults to <see cref="ModelCatalog.DefaultModelId"/>.</param>
    /// <param name="cost">The cost record (decides <see cref="NoImageException.Billed"/>).</param>
    /// <returns>A <see cref="NoImageException"/>.</returns>
    public static NoImageException NoImage(
        NoImageReason reason, string? text = null, string? finishReason = null, string? blockReason = null, TokenUsage? usage = null,
        ImageRoute route = ImageRoute.Official, string? model = null, CostRecord? cost = null) =>
        ErrorClassifier.NoImage(Context(route, model), reason, text, finishReason, blockReason, usage, statusCode: 200, requestId: null, cost);

    /// <summary>Builds the exception for an answer that could not be read.</summary>
    /// <param name="detail">What was wrong with it.</param>
    /// <param name="route">The route.</param>
    /// <param name="model">The model string; defaults to <see cref="ModelCatalog.DefaultModelId"/>.</param>
    /// <param name="cost">The cost record to attach.</param>
    /// <returns>A <see cref="MalformedResponseException"/>.</returns>
    public static MalformedResponseException Malformed(string detail, ImageRoute route = ImageRoute.Official, string? model = null, CostRecord? cost = null) =>
        ErrorClassifier.Malformed(Context(route, model), statusCode: 200, requestId: null, detail, inner: null, cost);

    private static ErrorContext Context(ImageRoute route, string? model) => new()
    {
        Route = route,
        Lane = ErrorContext.DefaultLane(route),
        Model = ModelCatalog.Default.Resolve(string.IsNullOrWhiteSpace(model) ? ModelCatalog.DefaultModelId : model),
    };
}
