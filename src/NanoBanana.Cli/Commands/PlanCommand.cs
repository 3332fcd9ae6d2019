using System.CommandLine;
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
        var urgency = new Option<string?>("--urgency") { HelpName = "interactive|minutes|offline", Description = "How soon it is needed. Default: interactive." };
        var quality = new Option<string?>("--quality") { HelpName = "draft|default|final", Description = "The quality tier. Default: default (Pro only for final work)." };
        var size = new Option<string?>("--size") { HelpName = "S", Description = $"The size ({ImageSize.AllowedValues})." };
        var budget = new Option<decimal?>("--budget-per-image") { HelpName = "USD", Description = "The most one image may cost, in US dollars." };
        var command = new Command("plan", "Show the route, lane, model, size and price the SDK would pick, and why. No request is made.") { prompt, urgency, quality, size, budget };
        globals.SetAction(command, (parse, session, cancellationToken) =>
        {
            CliParse.NotBlank(parse.GetValue(prompt), "--prompt", "a description of the image");
            CliParse.OneOf(parse.GetValue(urgency), "--urgency", Urgencies);
            CliParse.OneOf(parse.GetValue(quality), "--quality", Qualities);
            CliParse.Size(parse.GetValue(size));
            if (parse.GetValue(budget) is < 0)
            {
                throw new UsageException("Option --budget-per-image: must not be negative. Allowed values: an amount in US dollars such as 0.05.");
            }

            throw new UsageException("The routing facade is not available in this build, so there is no plan to show: 'nanobanana plan' and 'generate --route auto' need INanoBananaClient. Use 'nanobanana price' for a price, and 'generate --route official|batch|provider'.");
        });
        return command;
    }
}
