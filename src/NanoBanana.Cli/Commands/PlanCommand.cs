using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;

namespace NanoBanana.Cli.Commands;

/// <summary><c>nanobanana plan</c>: the routing facade's plan for a request (route, lane, model, size, price and the reasons), without a request.</summary>
internal static class PlanCommand
{
    public static readonly string[] Urgencies = ["interactive", "minutes", "offline"];
    public static readonly string[] Qualities = ["draft", "default", "final"];

    public static Command Create(CliGlobals globals)
    {
        var prompt = new Option<string>("--prompt") { Required = true, HelpName = "TEXT", Description = "What the image is: the prompt of the request the plan is for." };
        var urgency = new Option<string?>("--urgency") { HelpName = "interactive|minutes|offline", Description = "How soon it is needed: interactive (Standard), minutes (Flex where the model has it), offline (a Batch job). Default: interactive." };
        var quality = new Option<string?>("--quality") { HelpName = "draft|default|final", Description = "What it is for: draft (Lite), default (the default-tier model), final (Pro only when allowed). Default: default." };
        var size = new Option<string?>("--size") { HelpName = "S", Description = $"The size ({ImageSize.AllowedValues})." };
        var budget = new Option<decimal?>("--budget-per-image") { HelpName = "USD", Description = "The most one image may cost, in US dollars. Default: NanoBanana:Routing:Budget:PerImageUsd." };
        var command = new Command("plan", "Show the route, lane, model, size and price the routing facade would pick, and why. No request is made.") { prompt, urgency, quality, size, budget };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var text = CliParse.NotBlank(parse.GetValue(prompt), "--prompt", "a description of the image");
            var urgencyValue = CliParse.OneOf(parse.GetValue(urgency), "--urgency", Urgencies) ?? "interactive";
            var qualityValue = CliParse.OneOf(parse.GetValue(quality), "--quality", Qualities) ?? "default";
            var imageSize = CliParse.Size(parse.GetValue(size));
            var perImage = parse.GetValue(budget);
            if (perImage is < 0)
            {
                throw new UsageException("Option --budget-per-image: must not be negative. Allowed values: an amount in US dollars such as 0.05.");
            }

            var request = new ImageRequest(text)
            {
                Size = imageSize,
                Routing = new RoutingPreferences
                {
                    Urgency = urgencyValue switch { "minutes" => RoutingUrgency.Minutes, "offline" => RoutingUrgency.Offline, _ => RoutingUrgency.Interactive },
                    Quality = qualityValue switch { "draft" => RoutingQuality.Draft, "final" => RoutingQuality.Final, _ => RoutingQuality.Default },
                    MaxPerImageUsd = perImage,
                },
            };

            await using var services = await CliServices.StartOfflineAsync(globals.Configuration(parse), session, cancellationToken).ConfigureAwait(false);
            var plan = services.Services.GetRequiredService<INanoBananaClient>().Plan(request);
            var reasons = plan.Reasons.Select(r => r.ToString()).ToList();
            if (plan.Refusal is { } refusal)
            {
                await session.WriteErrorLinesAsync(reasons.Select(r => ("Reason", (string?)r))).ConfigureAwait(false);
                return await session.ReportAsync("PlanRefused", $"The plan refuses this request: {refusal}", refusal.Message, CliExitCodes.InvalidInput, Sdk.Errors.ErrorOwner.CostInstrumentation).ConfigureAwait(false);
            }

            var plannedSize = (plan.Size ?? plan.PricedSize).ToString();
            if (session.Json)
            {
                await session.WriteJsonAsync(
                    new PlanJson { Route = plan.Route.ToString(), Lane = plan.Lane.ToString(), Model = plan.ModelId, Size = plannedSize, UnitPriceUsd = plan.UnitPriceUsd, Reasons = reasons },
                    CliJsonContext.Default.PlanJson).ConfigureAwait(false);
                return CliExitCodes.Success;
            }

            var facts = new List<(string, string?)>
            {
                ("Route", $"{plan.Route} (lane {plan.Lane}{(plan.Provider is { } p ? $", provider {p}" : string.Empty)})"),
                ("Model", plan.Model == plan.ModelId ? plan.ModelId : $"{plan.ModelId} (sent as {plan.Model})"),
                ("Size", plan.Size is { } sent ? sent.ToString() : $"none sent (priced as {plan.PricedSize})"),
                ("Unit price", plan.UnitPriceUsd is { } unit ? $"{PriceCommand.Usd(unit)} per image ({plan.PriceStatus}, {plan.PriceSource ?? "no source"}{(plan.PriceCheckedOn is { } on ? ", checked " + on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty)})" : $"unknown ({plan.PriceStatus})"),
                ("Estimate", plan.EstimatedCostUsd is { } estimate ? $"{PriceCommand.Usd(estimate)}{(plan.EstimateNote is { } note ? $" ({note})" : string.Empty)}" : null),
            };
            facts.AddRange(reasons.Select(r => ("Reason", (string?)r)));
            await session.WriteFactsAsync(facts).ConfigureAwait(false);
            return CliExitCodes.Success;
        });
        return command;
    }
}
