using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The provider route client: one OpenAI-compatible gateway, one profile, in the profile's dialect. The provider's key
/// goes only to the profile's base URL as <c>Authorization: Bearer</c> (redirects are refused; no Google header is
/// sent). Costs are provider prices labelled with the provider's name (<see cref="PriceLane.Provider"/>): the
/// gateway's reported cost (<c>usage.cost</c>, <c>x-litellm-response-cost</c>) when it sends one, else the profile's
/// price. Immutable and thread-safe; nothing is retried inside the client.
/// </summary>
public sealed class ProviderImageClient : IProviderImageClient, IDisposable
{
    private readonly ProviderSettings _settings;
    private readonly HttpClient? _ownedHttp;
    private readonly ServicePipeline _pipeline;
    private readonly Func<HttpClient> _httpClient;

    /// <summary>Creates a client with its own <see cref="HttpClient"/> (redirects off, no HttpClient timeout: the profile's timeout applies).</summary>
    /// <param name="profile">The provider; read once, here.</param>
    /// <param name="options">Shared settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives one line per call and the unproven-provider warning; never the key or the prompt.</param>
    /// <exception cref="ArgumentException">The profile or options are invalid; the message lists every failure.</exception>
    public ProviderImageClient(ProviderProfile profile, ProviderImageClientOptions? options = null, ILogger? logger = null)
        : this(ProviderSettings.From(profile, options ?? new ProviderImageClientOptions()), null, null, logger)
    {
    }

    /// <summary>
    /// Creates a client on the caller's <see cref="HttpClient"/>, which stays the caller's to dispose. Its handler should
    /// not follow redirects (a followed redirect is detected and refused, but by then the key has been sent there).
    /// </summary>
    /// <param name="profile">The provider; read once, here.</param>
    /// <param name="options">Shared settings; defaults when <see langword="null"/>.</param>
    /// <param name="httpClient">The HTTP client to send with; its <see cref="HttpClient.BaseAddress"/> is not used.</param>
    /// <param name="logger">Receives one line per call; never the key or the prompt.</param>
    /// <exception cref="ArgumentException">The profile or options are invalid.</exception>
    public ProviderImageClient(ProviderProfile profile, ProviderImageClientOptions? options, HttpClient httpClient, ILogger? logger = null)
        : this(ProviderSettings.From(profile, options ?? new ProviderImageClientOptions()), httpClient ?? throw new ArgumentNullException(nameof(httpClient)), null, logger)
    {
    }

    /// <summary>
    /// Creates a client that takes its <see cref="HttpClient"/> per call from <paramref name="httpClientSource"/>
    /// (e.g. <c>() =&gt; factory.CreateClient("NanoBanana.Provider.laozhang")</c>), so a long-lived client follows
    /// <c>IHttpClientFactory</c>'s handler rotation. The clients stay the source's to dispose; their handlers should
    /// not follow redirects (<c>HttpClientRecipe.CreatePrimaryHandler()</c>).
    /// </summary>
    /// <param name="profile">The provider; read once, here.</param>
    /// <param name="options">Shared settings; defaults when <see langword="null"/>.</param>
    /// <param name="httpClientSource">Returns the HTTP client for one call.</param>
    /// <param name="logger">Receives one line per call; never the key or the prompt.</param>
    /// <exception cref="ArgumentException">The profile or options are invalid.</exception>
    public ProviderImageClient(ProviderProfile profile, ProviderImageClientOptions? options, Func<HttpClient> httpClientSource, ILogger? logger = null)
        : this(ProviderSettings.From(profile, options ?? new ProviderImageClientOptions()), null, httpClientSource ?? throw new ArgumentNullException(nameof(httpClientSource)), logger)
    {
    }

    private ProviderImageClient(ProviderSettings settings, HttpClient? httpClient, Func<HttpClient>? httpClientSource, ILogger? logger)
    {
        _settings = settings;
        if (httpClientSource is null)
        {
            _ownedHttp = httpClient is null ? HttpClientRecipe.CreateClient() : null;
            var http = httpClient ?? _ownedHttp!;
            httpClientSource = () => http;
        }

        logger ??= NullLogger.Instance;
        foreach (var warning in settings.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        _httpClient = httpClientSource;
        _pipeline = new ServicePipeline(httpClientSource, settings.Time, logger, settings.ProjectId);
    }

    /// <inheritdoc/>
    public ProviderProfile Profile => _settings.Profile;

    /// <summary>The provider's name.</summary>
    public string Name => _settings.Profile.Name;

    /// <summary>The failed-call rule applied to this provider's calls (the profile's, else the catalog's, else the unproven rule).</summary>
    public Pricing.FailedCallRule FailedCallRule => _settings.Rule;

    /// <summary>The prices this client records costs with (the options' catalog plus the profile's provider rows).</summary>
    public Pricing.PricingCatalog Pricing => _settings.Pricing.Catalog;

    /// <summary>Warnings about the profile given at construction, e.g. <c>unproven provider: every failed call assumed billed</c>.</summary>
    public IReadOnlyList<string> Warnings => _settings.Warnings;

    /// <summary>The clock of this client's options (latency, timeouts, proof timestamps).</summary>
    internal TimeProvider Time => _settings.Time;

    /// <summary>The model used when a request names none.</summary>
    public string DefaultModel => _settings.DefaultModel;

    /// <inheritdoc/>
    public Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
        => GenerateAsync(ImageRequests.ForPrompt(prompt), cancellationToken);

    /// <inheritdoc/>
    public Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default)
        => GenerateAsync(ImageRequests.ForEdit(prompt, images), cancellationToken);

    /// <inheritdoc/>
    public Task<ImageGenerationResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var call = ProviderRequestBuilder.Build(request, _settings);
        cancellationToken.ThrowIfCancellationRequested();
        var reader = new ProviderAnswerReader(_settings, call, _httpClient);
        var service = new ServiceRequest
        {
            Method = HttpMethod.Post,
            Uri = call.Uri,
            Content = call.Content,
            Auth = ServiceAuth.Bearer,
            Secret = _settings.ApiKey,
            Endpoint = call.Endpoint,
            Metadata = new NanoBananaRequestMetadata
            {
                Route = ImageRoute.Provider,
                Lane = PriceLane.Provider,
                ProjectId = _settings.ProjectId,
                Model = call.WireModel,
                Provider = _settings.Profile.Name,
                IsPaidGeneration = true,
                ClientRequestId = request.ClientRequestId,
            },
            Context = reader.Context,
            Cost = (outcome, retries) => reader.Cost(outcome, null, call.ImageCount, retries),
            EndpointSetting = _settings.EndpointSetting,
            ClientName = nameof(ProviderImageClient),
            Timeout = call.Timeout,
        };
        return _pipeline.SendAsync(service, reader.ReadAsync, static r => new CallSummary(r.Images.Count, r.RequestId, r.Cost, r.Warnings), cancellationToken);
    }

    /// <summary>Releases the <see cref="HttpClient"/> this client created; a caller's client is left alone.</summary>
    public void Dispose() => _ownedHttp?.Dispose();
}
