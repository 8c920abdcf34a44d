using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// Writes queued audit records as AuditEvents, up to <see cref="BatchSize"/> per write session (one
/// transaction, one group of provenance leaves). A failed write is retried once, then logged as a
/// critical error with the lost records' interactions; records still queued at shutdown, and the refused
/// requests of the open windows, are written before the server stops.
/// </summary>
internal sealed partial class AuditWriter(AuditTrail trail, AuthenticationFailureWindows refusals, IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = trail.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await CompleteAsync(cancellationToken);
    }

    /// <summary>Closes the trail and writes what is queued: at shutdown, or at the end of a CLI command (which runs without hosted services).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        refusals.Close(all: true);
        trail.Complete();
        await DrainAsync(cancellationToken);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var batch = new List<IAuditEntry>(BatchSize);
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && trail.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                return;
            }

            if (!await TryWriteAsync(batch, cancellationToken) && !await TryWriteAsync(batch, cancellationToken))
            {
                LogAuditLost(batch.Count, string.Join(", ", batch.Select(b => b.Summary)));
            }
        }
    }

    private async Task<bool> TryWriteAsync(List<IAuditEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ResourceStore>();
            await using var session = await store.BeginWriteAsync(cancellationToken);
            foreach (var record in batch)
            {
                var audit = record.ToAuditEvent();
                audit.Id = IdRules.NewId();
                session.MarkNew(audit.TypeName, audit.Id);
                await session.PutAsync(audit, cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogAuditWriteFailed(batch.Count, error);
            return false;
        }
    }

    [LoggerMessage(EventId = LogEvents.AuditWriteFailed, Level = LogLevel.Error, Message = "Writing {Count} AuditEvents failed")]
    private partial void LogAuditWriteFailed(int count, Exception error);

    [LoggerMessage(EventId = LogEvents.AuditLost, Level = LogLevel.Critical, Message = "AUDIT RECORDS LOST: {Count} AuditEvents could not be written after a retry: {Records}")]
    private partial void LogAuditLost(int count, string records);
}
