using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResourcePatientColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_resources_current",
                table: "resources");

            migrationBuilder.DropIndex(
                name: "ix_resources_type_updated",
                table: "resources");

            migrationBuilder.AddColumn<bool>(
                name: "many_patients",
                table: "resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "patient_ref",
                table: "resources",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Existing resources get their patient columns from the reference index before the indexes are built.
            migrationBuilder.Sql(PatientColumns.BackfillSql(StorageProvider.Sqlite));

            migrationBuilder.CreateIndex(
                name: "ix_resources_current",
                table: "resources",
                columns: new[] { "resource_type", "resource_id", "is_deleted", "last_updated_ms", "current_row_id", "patient_ref", "many_patients" });

            migrationBuilder.CreateIndex(
                name: "ix_resources_type_updated",
                table: "resources",
                columns: new[] { "resource_type", "last_updated_ms", "resource_id", "is_deleted", "patient_ref", "many_patients" },
                descending: new[] { false, true, false, false, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_resources_current",
                table: "resources");

            migrationBuilder.DropIndex(
                name: "ix_resources_type_updated",
                table: "resources");

            migrationBuilder.DropColumn(
                name: "many_patients",
                table: "resources");

            migrationBuilder.DropColumn(
                name: "patient_ref",
                table: "resources");

            migrationBuilder.CreateIndex(
                name: "ix_resources_current",
                table: "resources",
                columns: new[] { "resource_type", "resource_id", "is_deleted", "last_updated_ms", "current_row_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resources_type_updated",
                table: "resources",
                columns: new[] { "resource_type", "last_updated_ms", "resource_id", "is_deleted" },
                descending: new[] { false, true, false, false });
        }
    }
}
