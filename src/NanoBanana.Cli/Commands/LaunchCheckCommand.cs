using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Cli.Commands;

/// <summary>
/// <c>nanobanana launch-check</c>: the eight owners of SPEC §8 computed from the configuration and the catalogs. What
/// the SDK can see is checked (a price row and its age, a key and its type, a project id, a limiter, a budget, a
/// fallback ladder, a cheaper model configured); what it cannot is "Declare". No request is made.
/// </summary>
internal static class LaunchCheckCommand
{
    private const string Ready = "Ready";
    private const string Missing = "Missing";
    private const string Declare = "Declare";

    public static Command Create(CliGlobals globals)
    {
        var command = new Command("launch-check", "Fill the launch checklist's eight owners (model, price, credential, quota, cost, data, fallback, rollback) from the configuration: Ready, Missing or Declare, with evidence. No request is made.");
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var configuration = globals.Configuration(parse);
            await using var services = await CliServices.StartOfflineAsync(configuration, session, cancellationToken).ConfigureAwait(false);
            var owners = Check(configuration, services.Options, session.Context.TimeProvider.GetUtcNow());
            if (session.Json)
            {
                await session.WriteJsonAsync(new LaunchCheckJson { Owners = owners }, CliJsonContext.Default.LaunchCheckJson).ConfigureAwait(false);
            }
            else
            {
                await session.WriteTableAsync(["owner", "status", "evidence"], owners.Select(o => (IReadOnlyList<string>)[o.Owner, o.Status, o.Evidence])).ConfigureAwait(false);
                var missing = owners.Count(o => o.Status == Missing);
                await session.Output.WriteLineAsync(CliSession.Line(
                    "Summary",
                    missing == 0 ? "nothing missing that the SDK can see; record the Declare rows yourself" : $"{missing} owner(s) Missing: fix them before launch")).ConfigureAwait(false);
            }

            return CliExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The owners from the options <c>AddNanoBanana</c> bound (typed routing, pricing, providers) and, for what the
    /// offline host stands in for (the key) or keeps as free-form pairs (quota, data terms), the raw configuration.
    /// </summary>
    internal static IReadOnlyList<OwnerJson> Check(IConfiguration configuration, NanoBananaOptions options, DateTimeOffset now)
    {
        var section = configuration.GetSection(CliConfiguration.Section);
        var pricing = options.Pricing;
        var resolution = ModelCatalog.Default.Resolve(options.Routing.DefaultModel ?? options.Official.Model);
        var lane = options.Official.ServiceTier.Lane;
        return
        [
            Model(resolution, now),
            Price(pricing, resolution, lane, options.Batch.Model, now),
            Credential(section),
            Quota(section),
            Cost(options.Routing.Budget, pricing),
            Data(configuration),
            Fallback(options.Routing.Fallback),
            Rollback(options, pricing, resolution, lane, now),
        ];
    }

    private static OwnerJson Model(ModelResolution resolution, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (resolution.Model is not { } model)
        {
            return Owner("model", Missing, $"The default model '{resolution.Requested}' is not in the catalog: use one of {string.Join(", ", ModelCatalog.Default.Models.Select(m => m.Id))}, or add it to the catalog.");
        }

        var lifecycle = resolution.Lifecycle ?? model.Lifecycle;
        if (lifecycle is not null && lifecycle.IsShutDownOn(today))
        {
            return Owner("model", Missing, $"The default model {resolution.ModelId} was shut down on {lifecycle.ShutdownOn:yyyy-MM-dd}; move to {lifecycle.ReplacementId ?? "a current model"}.");
        }

        if (lifecycle is not null && lifecycle.IsDeprecatedOn(today))
        {
            return Owner("model", Declare, $"The default model {resolution.ModelId} is deprecated since {lifecycle.DeprecatedOn:yyyy-MM-dd}; plan the move to {lifecycle.ReplacementId ?? "its replacement"} and record who owns it.");
        }

        if (resolution.ModelId == ImageModel.ProImageId)
        {
            return Owner("model", Declare, $"The default model is Pro ({resolution.ModelId}): record that a cheaper model visibly failed the quality bar for this job (Pro is an override, not a default).");
        }

        return Owner("model", Ready, $"Default model {resolution.ModelId} ({model.FamilyName}{(resolution.IsAlias ? $", from alias {resolution.Requested}" : string.Empty)}), current in the catalog; Pro only where asked.");
    }

    private static OwnerJson Price(PricingCatalog pricing, ModelResolution resolution, PriceLane lane, string batchModelId, DateTimeOffset now)
    {
        var size = resolution.Model?.DefaultSize ?? ImageSize.OneK;
        var lookups = new List<(string What, PriceLookup Lookup)>
        {
            ($"{resolution.ModelId} {size} on {lane}", pricing.Lookup(new PriceQuery { ModelId = resolution.ModelId, Lane = lane, Size = size, Operation = ImageOperation.Generate }, now)),
        };
        var batchModel = ModelCatalog.Default.Resolve(batchModelId);
        if (batchModel.Model is { } batch && batch.Supports(PriceLane.GoogleBatch))
        {
            var batchSize = batch.DefaultSize;
            lookups.Add(($"{batchModel.ModelId} {batchSize} on GoogleBatch", pricing.Lookup(new PriceQuery { ModelId = batchModel.ModelId, Lane = PriceLane.GoogleBatch, Size = batchSize, Operation = ImageOperation.Generate }, now)));
        }

        var evidence = string.Join(" ", lookups.Select(l => $"{l.What}: {l.Lookup.Status}{Age(l.Lookup, now)} — {l.Lookup.Message}"));
        var maxAge = pricing.MaxPriceAge is { } max ? $" Rows older than {max.TotalDays:0} days count as stale." : " No maximum price age is set (NanoBanana:Pricing:MaxPriceAge).";
        return Owner("price", lookups.All(l => l.Lookup.Status == PriceStatus.Found) ? Ready : Missing, evidence + maxAge);
    }

    private static OwnerJson Credential(IConfigurationSection section)
    {
        var key = section["Google:ApiKey"];
        var keyType = section["Google:KeyType"];
        if (string.IsNullOrWhiteSpace(key))
        {
            return Owner("credential", Missing, "No Google key (NanoBanana:Google:ApiKey, GEMINI_API_KEY or GOOGLE_API_KEY): Google routes would run only on the emulator. Create an AI Studio auth key in the project that owns billing and quota.");
        }

        var shape = key.StartsWith("AIza", StringComparison.Ordinal) ? "an AIza… API key" : "a key of another shape";
        return string.IsNullOrWhiteSpace(keyType)
            ? Owner("credential", Declare, $"A Google key is set ({shape}, never printed) but its type is not declared: set NanoBanana:Google:KeyType (e.g. 'AI Studio auth key'); record its restrictions and rotation owner.")
            : Owner("credential", Ready, $"A Google key is set ({shape}, never printed), type '{keyType}'. Restrictions and rotation are yours to record.");
    }

    private static OwnerJson Quota(IConfigurationSection section)
    {
        var project = section["Google:ProjectId"];
        var limits = section.GetSection("Quota").AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}").ToList();
        if (string.IsNullOrWhiteSpace(project))
        {
            return Owner("quota", Missing, "No project id (NanoBanana:Google:ProjectId): limits are per project, not per key; name the project so limits, logs and packets point at it.");
        }

        return limits.Count == 0
            ? Owner("quota", Missing, $"Project '{project}' is set but no client-side limiter is configured (NanoBanana:Quota): set the project's live limits (RPM, RPD, images) so traffic stays under them.")
            : Owner("quota", Ready, $"Project '{project}', limiter {string.Join(", ", limits.Select(l => l.Contains("Redis", StringComparison.OrdinalIgnoreCase) ? "Redis=(set)" : l))}. Live limits and tier: check them in AI Studio.");
    }

    private static OwnerJson Cost(RoutingBudget budget, PricingCatalog pricing)
    {
        var limits = new List<string>();
        if (budget.PerImageUsd is { } perImage)
        {
            limits.Add($"PerImageUsd={PriceCommand.Usd(perImage)}");
        }

        if (budget.PerDayUsd is { } perDay)
        {
            limits.Add($"PerDayUsd={PriceCommand.Usd(perDay)}");
        }

        limits.AddRange(budget.Scopes.Select(s => $"Scopes:{s.Key}={PriceCommand.Usd(s.Value)}"));
        var rules = pricing.FailedCallRules.Count;
        return limits.Count == 0
            ? Owner("cost", Missing, $"No budget (NanoBanana:Routing:Budget:PerImageUsd / PerDayUsd): nothing stops a run from passing the estimate. Every result carries a cost record; {rules} failed-call rule(s) known.")
            : Owner("cost", Ready, $"Budget {string.Join(", ", limits)}{(budget.RouteDown ? ", routing down when over" : string.Empty)}; the guard reserves each plan's estimate with {budget.ExpectedRetries} expected retr{(budget.ExpectedRetries == 1 ? "y" : "ies")}; a cost record on every result and failure ({rules} failed-call rule(s) known).");
    }

    private static OwnerJson Data(IConfiguration configuration)
    {
        var providers = CliConfiguration.ProviderNames(configuration);
        if (providers.Count == 0)
        {
            return Owner("data", Declare, "Google API terms only (no provider configured): declare that retention, region and content policy fit your inputs.");
        }

        var without = providers.Where(p => !configuration.GetSection($"{CliConfiguration.Section}:Providers:{p}:DataTerms").AsEnumerable().Any(v => !string.IsNullOrWhiteSpace(v.Value))).ToList();
        return without.Count > 0
            ? Owner("data", Missing, $"No data terms recorded for provider(s) {string.Join(", ", without)} (NanoBanana:Providers:<name>:DataTerms): record retention, region and content policy.")
            : Owner("data", Declare, $"Data terms recorded for {string.Join(", ", providers)} (as you declared them); declare that they fit your inputs.");
    }

    private static OwnerJson Fallback(IList<FallbackStep> steps) =>
        steps.Count == 0
            ? Owner("fallback", Missing, $"No fallback ladder (NanoBanana:Routing:Fallback): decide when to {string.Join(", ", Enum.GetNames<FallbackStep>())}.")
            : Owner("fallback", Ready, $"Fallback ladder: {string.Join(" → ", steps)} (only on the error kinds the policy names; never a safety block or an auth error).");

    private static OwnerJson Rollback(NanoBananaOptions options, PricingCatalog pricing, ModelResolution primary, PriceLane lane, DateTimeOffset now)
    {
        var primaryPrice = UnitPrice(pricing, primary, lane, now);
        var cheaper = new[] { options.Official.Model, options.Batch.Model, options.Routing.DefaultModel }
            .Where(m => m is not null && ModelCatalog.Default.Find(m) is not null)
            .Select(m => ModelCatalog.Default.Resolve(m!))
            .Where(m => m.ModelId != primary.ModelId)
            .DistinctBy(m => m.ModelId)
            .Select(m => (Model: m, Price: UnitPrice(pricing, m, PriceLane.GoogleStandard, now)))
            .Where(c => c.Price is { } p && primaryPrice is { } q && p < q)
            .ToList();
        if (cheaper.Count > 0)
        {
            return Owner("rollback", Ready, $"Cheaper model configured: {string.Join(", ", cheaper.Select(c => $"{c.Model.ModelId} at {PriceCommand.Usd(c.Price!.Value)}"))} vs {primary.ModelId} at {PriceCommand.Usd(primaryPrice!.Value)} per image. A feature flag, if any, is yours to declare.");
        }

        return options.Routing.Fallback.Contains(FallbackStep.CheaperModel) && primary.Model is { Tier: not ModelTier.Lite }
            ? Owner("rollback", Ready, $"The fallback ladder's CheaperModel step switches {primary.ModelId} to the cheaper model where it serves the same size and ratio. A feature flag, if any, is yours to declare.")
            : Owner("rollback", Declare, $"No cheaper model than {primary.ModelId} is configured (Official:Model, Batch:Model, Routing:DefaultModel, or the CheaperModel fallback step): declare the feature flag or the model you would roll back to.");
    }

    private static decimal? UnitPrice(PricingCatalog pricing, ModelResolution model, PriceLane lane, DateTimeOffset now) =>
        model.Model is { } m ? pricing.Lookup(new PriceQuery { ModelId = model.ModelId, Lane = lane, Size = m.DefaultSize, Operation = ImageOperation.Generate }, now).UnitPriceUsd : null;

    private static string Age(PriceLookup lookup, DateTimeOffset now) =>
        lookup.Row is { } row
            ? string.Create(CultureInfo.InvariantCulture, $" (checked {row.CheckedOn:yyyy-MM-dd}, {DateOnly.FromDateTime(now.UtcDateTime).DayNumber - row.CheckedOn.DayNumber} days old)")
            : string.Empty;

    private static OwnerJson Owner(string owner, string status, string evidence) => new() { Owner = owner, Status = status, Evidence = evidence };
}
