using FhirChain.FhirApi.Storage;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Log;

/// <summary>Signs a checkpoint soon after each commit, so one covering a write exists well within a second.</summary>
internal sealed partial class CheckpointSigner(
    CheckpointTrigger trigger,
    CheckpointService checkpoints,
    IFhirDbContextFactory contexts,
    IOptions<ProvenanceOptions> options,
    ILogger<CheckpointSigner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.CheckpointIntervalMs);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await trigger.WaitAsync(stoppingToken);
                trigger.Consume();
                await using (var db = contexts.CreateDbContext())
                {
                    await checkpoints.SignLatestAsync(db, stoppingToken);
                }

                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (LogIntegrityException ex)
            {
                LogIntegrityFailure(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.LogIntegrityFailure, Level = LogLevel.Critical, Message = "Provenance log integrity check failed; no checkpoint signed: {Reason}")]
    private partial void LogIntegrityFailure(string reason);
}
