using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// The background worker that runs queued export jobs one at a time, oldest first. Jobs live in the
/// database, so they survive a restart: on start, a job left <c>running</c> by a stopped server is
/// queued again and rerun from the beginning (its partial files are discarded).
/// </summary>
internal sealed partial class ExportJobRunner(
    IServiceScopeFactory scopes,
    IFhirDbContextFactory contexts,
    IOptions<ExportOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<ExportJobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobs || !await StartedAsync(stoppingToken))
        {
            return;
        }

        await RequeueInterruptedAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        do
        {
            while (await RunNextAsync(stoppingToken))
            {
                // Keep going while jobs are waiting.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Waits until every hosted service (the database initializer first) has started.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var count = await db.ExportJobs.Where(j => j.Status == ExportStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportStatus.Queued).SetProperty(j => j.Progress, "restarted"), cancellationToken);
        if (count > 0)
        {
            LogRequeued(count);
        }
    }

    /// <summary>Claims and runs the oldest queued job; false when there was none.</summary>
    private async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FhirDbContext>();
        var job = await db.ExportJobs.AsNoTracking().Where(j => j.Status == ExportStatus.Queued).OrderBy(j => j.TransactionTimeMs).FirstOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return false;
        }

        // Claim it: only one worker moves a job from queued to running.
        var claimed = await db.ExportJobs.Where(j => j.Id == job.Id && j.Status == ExportStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportStatus.Running), cancellationToken);
        if (claimed == 0)
        {
            return true;
        }

        try
        {
            await scope.ServiceProvider.GetRequiredService<ExportJobProcessor>().RunAsync(job, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogJobFailed(job.Id, error);
            await db.ExportJobs.Where(j => j.Id == job.Id && j.Status == ExportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportStatus.Failed).SetProperty(j => j.Error, error.Message), CancellationToken.None);
        }

        return true;
    }

    [LoggerMessage(EventId = LogEvents.ExportRequeued, Level = LogLevel.Warning, Message = "{Count} export jobs interrupted by a restart are queued again")]
    private partial void LogRequeued(int count);

    [LoggerMessage(EventId = LogEvents.ExportFailed, Level = LogLevel.Error, Message = "Export job {JobId} failed")]
    private partial void LogJobFailed(string jobId, Exception error);
}
