using FhirChain.FhirApi.Hosting;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Cli;

/// <summary>
/// The server's services without its HTTP listener, for CLI commands: the same configuration
/// (appsettings.json, environment, <c>--Key=value</c>), storage and write path as the server.
/// </summary>
internal static class CliHost
{
    public static async Task<IHost> StartAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(configurationArgs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFhirChain(builder.Configuration);
        var host = builder.Build();
        await DatabaseInitializer.InitializeAsync(host.Services.GetRequiredService<IFhirDbContextFactory>(), host.Services.GetRequiredService<StorageInfo>(), cancellationToken);
        return host;
    }
}
