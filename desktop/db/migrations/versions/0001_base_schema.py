"""base schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 21:52:41.382760
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('area',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('name_th', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('parent_code', sa.String(length=6), nullable=True),
    sa.Column('postal_codes', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['area.code'], name=op.f('fk_area_parent_code_area')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_area'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_parent_code'), ['parent_code'], unique=False)

    op.create_table('attachment',
    sa.Column('owner_kind', sa.String(length=24), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_stamp'), ['stamp'], unique=False)

    op.create_table('change_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('base_revision', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log'))
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_log_record_id'), ['record_id'], unique=False)

    op.create_table('name_prefix',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('full_th', sa.String(length=80), nullable=False),
    sa.Column('abbr_th', sa.String(length=40), nullable=False),
    sa.Column('full_en', sa.String(length=80), nullable=False),
    sa.Column('abbr_en', sa.String(length=40), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_name_prefix'))
    )
    op.create_table('programme',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('code', name=op.f('uq_programme_code'))
    )
    op.create_table('reference_version',
    sa.Column('dataset', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dataset', name=op.f('pk_reference_version'))
    )
    op.create_table('agency',
    sa.Column('key', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('name_th', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('abbr_th', sa.String(length=60), nullable=True),
    sa.Column('letter_code', sa.String(length=16), nullable=True),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('area_code', sa.String(length=6), nullable=True),
    sa.Column('sort_name', sa.String(length=700), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_code'], ['area.code'], name=op.f('fk_agency_area_code_area')),
    sa.ForeignKeyConstraint(['parent_id'], ['agency.id'], name=op.f('fk_agency_parent_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('key', name=op.f('uq_agency_key'))
    )
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agency_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_agency_stamp'), ['stamp'], unique=False)

    op.create_table('course',
    sa.Column('programme_id', sa.Uuid(), nullable=True),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=True),
    sa.Column('organiser_id', sa.Uuid(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organiser_id'], ['agency.id'], name=op.f('fk_course_organiser_id_agency')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_course_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course'))
    )
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_stamp'), ['stamp'], unique=False)

    op.create_table('office_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('office_name', sa.String(length=300), nullable=False),
    sa.Column('office_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=6), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('letter_prefix', sa.String(length=40), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('default_signatory_id', sa.Uuid(), nullable=True),
    sa.Column('logo_attachment_id', sa.Uuid(), nullable=True),
    sa.Column('digit_style', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_office_profile_agency_id_agency')),
    sa.ForeignKeyConstraint(['area_code'], ['area.code'], name=op.f('fk_office_profile_area_code_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_profile')),
    sa.UniqueConstraint('site_id', name=op.f('uq_office_profile_site_id'))
    )
    op.create_table('person',
    sa.Column('prefix_id', sa.Uuid(), nullable=True),
    sa.Column('prefix_th', sa.String(length=80), nullable=True),
    sa.Column('first_name_th', sa.String(length=120), nullable=False),
    sa.Column('last_name_th', sa.String(length=120), nullable=True),
    sa.Column('prefix_en', sa.String(length=80), nullable=True),
    sa.Column('first_name_en', sa.String(length=120), nullable=True),
    sa.Column('last_name_en', sa.String(length=120), nullable=True),
    sa.Column('position', sa.String(length=300), nullable=True),
    sa.Column('level', sa.String(length=120), nullable=True),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('national_id_sealed', sa.Text(), nullable=True),
    sa.Column('national_id_digest', sa.String(length=64), nullable=True),
    sa.Column('national_id_tail', sa.String(length=4), nullable=True),
    sa.Column('photo_id', sa.Uuid(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('sort_name', sa.String(length=600), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_person_agency_id_agency')),
    sa.ForeignKeyConstraint(['prefix_id'], ['name_prefix.id'], name=op.f('fk_person_prefix_id_name_prefix')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index('ix_person_live_sort', ['deleted_at', 'sort_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_national_id_digest'), ['national_id_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_stamp'), ['stamp'], unique=False)

    op.create_table('cohort',
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('year_be', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=True),
    sa.Column('organiser_id', sa.Uuid(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_cohort_course_id_course')),
    sa.ForeignKeyConstraint(['organiser_id'], ['agency.id'], name=op.f('fk_cohort_organiser_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_stamp'), ['stamp'], unique=False)

    op.create_table('consent',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('basis', sa.String(length=24), nullable=False),
    sa.Column('notice_version', sa.String(length=40), nullable=True),
    sa.Column('purposes', sa.Text(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_consent_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_stamp'), ['stamp'], unique=False)

    op.create_table('signatory',
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('position_lines', sa.Text(), nullable=False),
    sa.Column('signature_attachment_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_signatory_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatory'))
    )
    with op.batch_alter_table('signatory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatory_stamp'), ['stamp'], unique=False)

    op.create_table('outgoing_document',
    sa.Column('year_be', sa.Integer(), nullable=False),
    sa.Column('running_number', sa.Integer(), nullable=False),
    sa.Column('number_text', sa.String(length=80), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=True),
    sa.Column('signatory_id', sa.Uuid(), nullable=True),
    sa.Column('report_kind', sa.String(length=24), nullable=False),
    sa.Column('about_id', sa.Uuid(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['signatory_id'], ['signatory.id'], name=op.f('fk_outgoing_document_signatory_id_signatory')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_document')),
    sa.UniqueConstraint('year_be', 'running_number', name='uq_outgoing_year_number')
    )
    with op.batch_alter_table('outgoing_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_document_stamp'), ['stamp'], unique=False)

    op.create_table('project',
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('title_th', sa.String(length=500), nullable=False),
    sa.Column('title_en', sa.String(length=500), nullable=True),
    sa.Column('topic', sa.Text(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=True),
    sa.Column('target_group', sa.Text(), nullable=True),
    sa.Column('area_code', sa.String(length=6), nullable=True),
    sa.Column('lead_agency_id', sa.Uuid(), nullable=True),
    sa.Column('cohort_id', sa.Uuid(), nullable=True),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('indicators', sa.Text(), nullable=True),
    sa.Column('results', sa.Text(), nullable=True),
    sa.Column('lessons', sa.Text(), nullable=True),
    sa.Column('sort_name', sa.String(length=1100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_code'], ['area.code'], name=op.f('fk_project_area_code_area')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_project_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_project_lead_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_area_code'), ['area_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_lead_agency_id'), ['lead_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_stamp'), ['stamp'], unique=False)

    op.create_table('action_item',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('activity', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=300), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_action_item_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item'))
    )
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_stamp'), ['stamp'], unique=False)

    op.create_table('activity',
    sa.Column('title_th', sa.String(length=500), nullable=False),
    sa.Column('title_en', sa.String(length=500), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('venue', sa.String(length=500), nullable=True),
    sa.Column('area_code', sa.String(length=6), nullable=True),
    sa.Column('online_meeting_id', sa.String(length=120), nullable=True),
    sa.Column('chair_id', sa.Uuid(), nullable=True),
    sa.Column('chair_text', sa.String(length=300), nullable=True),
    sa.Column('organiser_id', sa.Uuid(), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('cohort_id', sa.Uuid(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('sort_name', sa.String(length=1100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_code'], ['area.code'], name=op.f('fk_activity_area_code_area')),
    sa.ForeignKeyConstraint(['chair_id'], ['person.id'], name=op.f('fk_activity_chair_id_person')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_activity_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['organiser_id'], ['agency.id'], name=op.f('fk_activity_organiser_id_agency')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_activity_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_sort_name'), ['sort_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_stamp'), ['stamp'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_start_date'), ['start_date'], unique=False)

    op.create_table('artefact',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('made_on', sa.Date(), nullable=True),
    sa.Column('attachment_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_artefact_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_artefact'))
    )
    with op.batch_alter_table('artefact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_artefact_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_artefact_stamp'), ['stamp'], unique=False)

    op.create_table('enrollment',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('cohort_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('group_name', sa.String(length=200), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('completion', sa.String(length=16), nullable=False),
    sa.Column('certificate_number', sa.String(length=60), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_enrollment_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_enrollment_person_id_person')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_enrollment_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('person_id', 'cohort_id', name='uq_enrollment_person_cohort')
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_stamp'), ['stamp'], unique=False)

    op.create_table('project_partner',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_project_partner_agency_id_agency')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_partner_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_partner'))
    )
    with op.batch_alter_table('project_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_partner_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_partner_stamp'), ['stamp'], unique=False)

    op.create_table('stakeholder',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.String(length=300), nullable=True),
    sa.Column('interest', sa.String(length=8), nullable=True),
    sa.Column('influence', sa.String(length=8), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_stakeholder_agency_id_agency')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_stakeholder_person_id_person')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_stakeholder_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder'))
    )
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_stamp'), ['stamp'], unique=False)

    op.create_table('team_member',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_team_member_person_id_person')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_team_member_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member'))
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_stamp'), ['stamp'], unique=False)

    op.create_table('activity_session',
    sa.Column('activity_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('part', sa.String(length=12), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('ends_at', sa.Time(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_session_activity_id_activity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_session'))
    )
    with op.batch_alter_table('activity_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_session_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_session_stamp'), ['stamp'], unique=False)

    op.create_table('attendance',
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('recorded_by', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=24), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_attendance_person_id_person')),
    sa.ForeignKeyConstraint(['session_id'], ['activity_session.id'], name=op.f('fk_attendance_session_id_activity_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'person_id', name='uq_attendance_session_person')
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_stamp'), ['stamp'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_stamp'))
        batch_op.drop_index(batch_op.f('ix_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_person_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('activity_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_session_stamp'))
        batch_op.drop_index(batch_op.f('ix_activity_session_activity_id'))

    op.drop_table('activity_session')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_stamp'))
        batch_op.drop_index(batch_op.f('ix_team_member_project_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_person_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_stamp'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_project_id'))

    op.drop_table('stakeholder')
    with op.batch_alter_table('project_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_partner_stamp'))
        batch_op.drop_index(batch_op.f('ix_project_partner_project_id'))

    op.drop_table('project_partner')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollment_stamp'))
        batch_op.drop_index(batch_op.f('ix_enrollment_person_id'))
        batch_op.drop_index(batch_op.f('ix_enrollment_cohort_id'))

    op.drop_table('enrollment')
    with op.batch_alter_table('artefact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_artefact_stamp'))
        batch_op.drop_index(batch_op.f('ix_artefact_project_id'))

    op.drop_table('artefact')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_start_date'))
        batch_op.drop_index(batch_op.f('ix_activity_stamp'))
        batch_op.drop_index(batch_op.f('ix_activity_sort_name'))
        batch_op.drop_index(batch_op.f('ix_activity_project_id'))
        batch_op.drop_index(batch_op.f('ix_activity_cohort_id'))

    op.drop_table('activity')
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_stamp'))
        batch_op.drop_index(batch_op.f('ix_action_item_project_id'))

    op.drop_table('action_item')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_stamp'))
        batch_op.drop_index(batch_op.f('ix_project_sort_name'))
        batch_op.drop_index(batch_op.f('ix_project_lead_agency_id'))
        batch_op.drop_index(batch_op.f('ix_project_cohort_id'))
        batch_op.drop_index(batch_op.f('ix_project_code'))
        batch_op.drop_index(batch_op.f('ix_project_area_code'))

    op.drop_table('project')
    with op.batch_alter_table('outgoing_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_document_stamp'))

    op.drop_table('outgoing_document')
    with op.batch_alter_table('signatory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatory_stamp'))

    op.drop_table('signatory')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_stamp'))
        batch_op.drop_index(batch_op.f('ix_consent_person_id'))

    op.drop_table('consent')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_stamp'))
        batch_op.drop_index(batch_op.f('ix_cohort_course_id'))

    op.drop_table('cohort')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_stamp'))
        batch_op.drop_index(batch_op.f('ix_person_national_id_digest'))
        batch_op.drop_index('ix_person_live_sort')
        batch_op.drop_index(batch_op.f('ix_person_agency_id'))

    op.drop_table('person')
    op.drop_table('office_profile')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_stamp'))
        batch_op.drop_index(batch_op.f('ix_course_programme_id'))

    op.drop_table('course')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_stamp'))
        batch_op.drop_index(batch_op.f('ix_agency_sort_name'))
        batch_op.drop_index(batch_op.f('ix_agency_parent_id'))

    op.drop_table('agency')
    op.drop_table('reference_version')
    op.drop_table('programme')
    op.drop_table('name_prefix')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_log_record_id'))

    op.drop_table('change_log')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_stamp'))
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_owner_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_parent_code'))

    op.drop_table('area')
    op.drop_table('app_user')
