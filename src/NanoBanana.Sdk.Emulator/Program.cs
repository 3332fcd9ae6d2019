namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// <c>dotnet run --project src/NanoBanana.Sdk.Emulator -f net10.0 -- [options]</c>: the standalone server (<see cref="StandaloneServer"/>;
/// <c>--help</c> lists the options). The <c>nanobanana-emulator</c> tool runs the same server.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => StandaloneServer.RunFromConsoleAsync(args);
}
