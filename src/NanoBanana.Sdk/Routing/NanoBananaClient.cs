using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Diagnostics;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The route-selecting client over the three route clients (SPEC §1): plans each request from what it needs
/// (<see cref="ImageRequest.Routing"/>) and <see cref="RoutingOptions"/>, explains the plan, reserves its estimate in the
/// <see cref="IBudgetLedger"/> before sending, runs it (an offline request becomes a Batch job) and, on the error kinds
/// the options name, falls back one enabled step at a time. Immutable and thread-safe: build one and share it.
/// </summary>
public sealed class NanoBananaClient : INanoBananaClient
{
    private readonly IOfficialImageClient? _official;
    private readonly IBatchImageClient? _batch;
    private readonly Dictionary<string, IProviderImageClient> _providers;
    private readonly RoutingPolicy _policy;
    private readonly IBudgetLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly decimal? _perDayUsd;
    private readonly Dictionary<string, decimal> _scopeLimits;
    private readonly HashSet<ErrorKind> _fallbackOn;

    /// <summary>Creates the client over the route clients you have; at least one is needed.</summary>
    /// <param name="official">The official route, or <see langword="null"/> without one.</param>
    /// <param name="batch">The Batch route (offline work), or <see langword="null"/> without one.</param>
    /// <param name="providers">Provider gateways, each named by its <see cref="ProviderProfile.Name"/>; <see langword="null"/> for none.</param>
    /// <param name="options">The routing policy, budgets and fallback steps; <see langword="null"/> for the defaults (no budget, no fallback).</param>
    /// <param name="ledger">Where spend is counted; <see langword="null"/> for a new <see cref="InMemoryBudgetLedger"/>.</param>
    /// <param name="timeProvider">The clock for lifecycle dates, price age and quota days; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Receives plans (debug), fallback steps and budget refusals; never the key or the prompt.</param>
    /// <exception cref="ArgumentException">No route client was given, two providers share a name, or the options are invalid (every failure listed).</exception>
    public NanoBananaClient(
        IOfficialImageClient? official,
        IBatchImageClient? batch = null,
        IEnumerable<IProviderImageClient>? providers = null,
        RoutingOptions? options = null,
        IBudgetLedger? ledger = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        options ??= new RoutingOptions();
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _official = official;
        _batch = batch;
        _ledger = ledger ?? new InMemoryBudgetLedger();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _providers = new Dictionary<string, IProviderImageClient>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var pricing = options.Pricing;
        foreach (var provider in providers ?? [])
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            var profile = provider.Profile;
            var name = profile.Name;
            if (options.AllowedProviders.Count > 0 && !options.AllowedProviders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!_providers.TryAdd(name, provider))
            {
                throw new ArgumentException($"Two provider clients are named '{name}': provider names must be unique (they key prices, budgets and NanoBanana:Providers).", nameof(providers));
            }

            order.Add(name);
            pricing = pricing.WithRows(profile.PriceRows(options.ModelCatalog));
            if (profile.BuildRule() is { } rule)
            {
                pricing = pricing.WithFailedCallRule(name, rule);
            }
        }

        if (official is null && batch is null && order.Count == 0)
        {
            throw new ArgumentException("NanoBananaClient needs at least one route client: an IOfficialImageClient, an IBatchImageClient or an allowed IProviderImageClient.", nameof(official));
        }

        _perDayUsd = options.Budget.PerDayUsd;
        _scopeLimits = new Dictionary<string, decimal>(options.Budget.Scopes, StringComparer.Ordinal);
        _fallbackOn = options.FallbackOn.Count == 0 ? [.. RoutingOptions.DefaultFallbackErrorKinds] : [.. options.FallbackOn];
        _policy = new RoutingPolicy(options, official is not null, (official as OfficialImageClient)?.Transport, batch is not null, order, pricing, _time);
    }

    /// <summary>The ledger spend is counted in.</summary>
    public IBudgetLedger Ledger => _ledger;

    /// <inheritdoc />
    public RoutePlan Plan(ImageRequest request) => _policy.Plan(request);

    /// <inheritdoc />
    public Task<NanoBananaResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default) =>
        GenerateAsync(ImageRequests.ForPrompt(prompt), cancellationToken);

    /// <inheritdoc />
    public async Task<NanoBananaResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = _policy.Plan(request);
        var scope = _policy.Scope(request, throwOnConflict: false);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.RoutePlanned(_logger, plan.ToString());
        }

        var attempts = new List<RouteAttempt>();
        if (plan.Refusal is { } refusal)
        {
            var limit = request.Routing?.MaxPerImageUsd ?? _policy.PerImageUsd ?? 0m;
            throw Refuse("per-image", limit, 0m, plan.UnitPriceUsd ?? 0m, plan, request, attempts,
                $"Per-image budget: {refusal.Message}",
                "Raise the per-image budget (request.Routing.MaxPerImageUsd or NanoBanana:Routing:Budget:PerImageUsd), ask for a smaller size or a cheaper model, or enable Routing:Budget:RouteDown with Fallback steps.");
        }

        var steps = _policy.Steps;
        var nextStep = 0;
        var tried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var costSoFar = 0m;
        FallbackStep? step = null;
        var why = "first plan";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (var reservation, plan) = await ReserveAsync(plan, request, scope, attempts, cancellationToken).ConfigureAwait(false);
            var amount = reservation.Charge.AmountUsd;
            if (plan.Provider is { } provider)
            {
                tried.Add(provider);
            }

            try
            {
                if (plan.Route == ImageRoute.Batch)
                {
                    var key = request.ClientRequestId ?? Guid.NewGuid().ToString("N");
                    var job = await _batch!.SubmitAsync(
                        [new BatchImageItem(key, ForRoute(request, plan))],
                        new BatchSubmitOptions { Model = plan.Model, DisplayName = "nanobanana-" + key },
                        cancellationToken).ConfigureAwait(false);

                    // The job bills when it runs: the reservation stays at the estimate.
                    costSoFar += amount;
                    attempts.Add(new RouteAttempt { Number = attempts.Count + 1, Plan = plan, Step = step, Reason = why, CostUsd = amount, CostSoFarUsd = costSoFar });
                    return new NanoBananaResult { Kind = NanoBananaResultKind.BatchJob, BatchJob = job, BatchItemKey = key, Plan = plan, Attempts = attempts };
                }

                var result = plan.Route == ImageRoute.Official
                    ? await _official!.GenerateAsync(ForRoute(request, plan), cancellationToken).ConfigureAwait(false)
                    : await _providers[plan.Provider!].GenerateAsync(ForRoute(request, plan), cancellationToken).ConfigureAwait(false);
                var cost = Actual(result.Cost);
                await _ledger.SettleAsync(reservation, cost, CancellationToken.None).ConfigureAwait(false);
                costSoFar += cost;
                attempts.Add(new RouteAttempt { Number = attempts.Count + 1, Plan = plan, Step = step, Reason = why, CostUsd = cost, CostSoFarUsd = costSoFar });
                return new NanoBananaResult { Kind = NanoBananaResultKind.Image, Image = result, Plan = plan, Attempts = attempts };
            }
            catch (NanoBananaException ex)
            {
                var cost = Actual(ex.Cost);
                await _ledger.SettleAsync(reservation, cost, CancellationToken.None).ConfigureAwait(false);
                costSoFar += cost;
                attempts.Add(new RouteAttempt { Number = attempts.Count + 1, Plan = plan, Step = step, Reason = why, Error = ex, CostUsd = cost, CostSoFarUsd = costSoFar });
                ex.Attempts = attempts;
                var failed = Describe(plan);
                if (!_fallbackOn.Contains(ex.Kind))
                {
                    Log.FallbackRefused(_logger, ex.Kind, failed, $"{ex.Kind} is not an error kind the fallback policy steps on ({string.Join(", ", _fallbackOn)})", Usd(costSoFar));
                    throw;
                }

                RoutePlan? next = null;
                while (next is null && nextStep < steps.Count)
                {
                    var candidate = steps[nextStep++];
                    next = _policy.Step(plan, candidate, scope, request.Operation, request.ImageCount, tried, out var skipped);
                    if (next is null)
                    {
                        Log.FallbackStepSkipped(_logger, candidate, skipped ?? "does not apply");
                    }
                    else
                    {
                        step = candidate;
                    }
                }

                if (next is null)
                {
                    Log.FallbackRefused(_logger, ex.Kind, failed, steps.Count == 0 ? "no fallback step is enabled (NanoBanana:Routing:Fallback)" : "no enabled fallback step is left that applies", Usd(costSoFar));
                    throw;
                }

                why = $"{step} after {ex.Kind} on {failed}";
                Log.FallbackStepTaken(_logger, step!.Value, ex.Kind, failed, Describe(next), why, Usd(costSoFar));
                plan = next;
            }
            catch (OperationCanceledException)
            {
                // A cancelled call may still have been generated and billed: keep the estimate reserved.
                throw;
            }
            catch
            {
                // Not sent (bad input, a refused lifecycle): nothing was billed.
                await _ledger.SettleAsync(reservation, 0m, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<(BudgetReservation Reservation, RoutePlan Plan)> ReserveAsync(
        RoutePlan plan, ImageRequest request, RouteScope scope, List<RouteAttempt> attempts, CancellationToken cancellationToken)
    {
        var day = GoogleQuotaDay.For(_time.GetUtcNow());
        var downSteps = _policy.RouteDown ? _policy.Steps : [];
        var nextDown = 0;
        while (true)
        {
            var limits = Limits(plan);
            if (plan.EstimatedCostUsd is not { } amount)
            {
                if (limits.FirstOrDefault(l => l.LimitUsd is not null) is { } limited)
                {
                    var spent = await _ledger.GetSpentAsync(limited.Scope, day, cancellationToken).ConfigureAwait(false);
                    throw Refuse(limited.Scope, limited.LimitUsd!.Value, spent, 0m, plan, request, attempts,
                        $"Budget '{limited.Scope}' cannot be checked: the price of {Describe(plan)} is unknown (a missing price never counts as $0). The request was not sent.",
                        "Add a price row for this model, lane and size (PricingCatalog.WithRow or NanoBanana:Pricing:Rows), or remove the daily limit.");
                }

                amount = 0m;
            }

            var reservation = await _ledger.TryReserveAsync(new BudgetCharge { Day = day, AmountUsd = amount, Limits = limits }, cancellationToken).ConfigureAwait(false);
            if (reservation.Accepted)
            {
                return (reservation, plan);
            }

            RoutePlan? down = null;
            while (down is null && nextDown < downSteps.Count)
            {
                var candidate = downSteps[nextDown++];
                down = _policy.Step(plan, candidate, scope, request.Operation, request.ImageCount, tried: null, out _);
                if (down is not null && down.EstimatedCostUsd is { } cheaper && cheaper < amount)
                {
                    Log.BudgetRoutedDown(_logger, candidate, Describe(down), reservation.RefusedScope ?? "budget");
                    down = down with
                    {
                        Reasons = [.. down.Reasons, new RouteReason { Code = RouteReasonCodes.BudgetRoutedDown, Message = string.Create(CultureInfo.InvariantCulture, $"Budget '{reservation.RefusedScope}' would be passed by ${reservation.OverByUsd:0.######}: routed down one step ({candidate}) to an estimate of ${cheaper:0.######}.") }],
                    };
                }
                else
                {
                    down = null;
                }
            }

            if (down is not null)
            {
                plan = down;
                continue;
            }

            var scopeName = reservation.RefusedScope ?? "total";
            throw Refuse(scopeName, reservation.LimitUsd ?? 0m, reservation.SpentUsd ?? 0m, amount, plan, request, attempts,
                string.Create(CultureInfo.InvariantCulture,
                    $"Budget '{scopeName}' would be passed: ${reservation.SpentUsd:0.######} of ${reservation.LimitUsd:0.######} spent on quota day {day:yyyy-MM-dd} (midnight Pacific), and this request's estimate ${amount:0.######} ({Describe(plan)}) would pass it by ${reservation.OverByUsd:0.######}. The request was not sent."),
                string.Create(CultureInfo.InvariantCulture,
                    $"Wait for the next quota day (starts {GoogleQuotaDay.NextReset(_time.GetUtcNow()):yyyy-MM-dd HH:mm} UTC), raise the limit ({(scopeName == "total" ? "NanoBanana:Routing:Budget:PerDayUsd" : $"NanoBanana:Routing:Budget:Scopes:{scopeName}")}), or enable Routing:Budget:RouteDown with Fallback steps."));
        }
    }

    private List<BudgetLimit> Limits(RoutePlan plan)
    {
        var route = "route:" + plan.Route;
        var model = "model:" + plan.ModelId;
        var limits = new List<BudgetLimit>(4)
        {
            new() { Scope = "total", LimitUsd = _perDayUsd ?? (_scopeLimits.TryGetValue("total", out var total) ? total : null) },
            new() { Scope = route, LimitUsd = _scopeLimits.TryGetValue(route, out var r) ? r : null },
            new() { Scope = model, LimitUsd = _scopeLimits.TryGetValue(model, out var m) ? m : null },
        };
        if (plan.Provider is { } provider)
        {
            var scope = "provider:" + provider;
            limits.Add(new() { Scope = scope, LimitUsd = _scopeLimits.TryGetValue(scope, out var p) ? p : null });
        }

        return limits;
    }

    private BudgetExceededException Refuse(
        string scope, decimal limit, decimal spent, decimal estimate, RoutePlan plan, ImageRequest request, List<RouteAttempt> attempts, string message, string nextMove)
    {
        var now = _time.GetUtcNow();
        var details = new ErrorDetails
        {
            Message = $"{message} Next: {nextMove}",
            Kind = ErrorKind.BudgetExceeded,
            Route = plan.Route,
            IsTransient = false,
            LikelyOwner = ErrorOwner.CostInstrumentation,
            NextMove = nextMove,
            Packet = new ReproPacket
            {
                RequestedModel = plan.Model,
                ModelId = plan.ModelId,
                Route = plan.Route,
                Lane = plan.Lane,
                Provider = plan.Provider,
                ImageSize = plan.Size?.Value,
                AspectRatio = plan.AspectRatio?.Value,
                PromptSha256 = SecretRedactor.Sha256Hex(request.Prompt),
                ClientRequestId = request.ClientRequestId,
                BillingEvidence = string.Create(CultureInfo.InvariantCulture, $"not sent: refused by the budget guard (scope '{scope}', limit ${limit:0.######}, spent ${spent:0.######}, estimate ${estimate:0.######})"),
                OccurredAt = now,
            },
        };
        Log.BudgetRefused(_logger, details.Message);
        return new BudgetExceededException(details, scope, limit, spent, estimate, plan) { Attempts = attempts };
    }

    private static ImageRequest ForRoute(ImageRequest request, RoutePlan plan) => new(request.Prompt)
    {
        Model = plan.Model,
        Size = plan.Size,
        AspectRatio = plan.AspectRatio,
        InputImages = request.InputImages,
        ImageCount = request.ImageCount,
        OutputMimeType = request.OutputMimeType,
        ClientRequestId = request.ClientRequestId,
        Google = plan.Route == ImageRoute.Provider ? null : new GoogleImageOptions
        {
            ServiceTier = plan.Route == ImageRoute.Official ? plan.ServiceTier : null,
            Labels = request.Google?.Labels,
            UseGoogleSearch = request.Google?.UseGoogleSearch ?? false,
            PreviousInteractionId = request.Google?.PreviousInteractionId,
        },
    };

    // The cost record's own answer (reported, else the priced token usage, else the estimate; zero when not billed),
    // so the ledger and the record never disagree.
    private static decimal Actual(CostRecord? cost) => cost?.EffectiveCostUsd ?? 0m;

    private static string Describe(RoutePlan plan) =>
        $"{plan.Route}/{plan.Lane}{(plan.Provider is null ? string.Empty : $" ({plan.Provider})")} {plan.Model} {plan.Size?.Value ?? plan.PricedSize.Value}";

    private static string Usd(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
