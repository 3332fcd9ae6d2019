using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Emulator.Tool;

/// <summary>
/// <c>nanobanana-emulator [--urls URLS] [--api-key KEY]… [--realistic] [--jpeg] [--faults PLAN.json]</c>: the
/// standalone emulator as a .NET tool; <c>--help</c> lists every option and the admin endpoint.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => StandaloneServer.RunFromConsoleAsync(args);
}
