-- SPDX-License-Identifier: GPL-3.0-or-later
-- A small database in the store's schema (version 3, as engine/store.c
-- creates it; docs/schema.md), for the script tests and the examples of
-- docs/lua-api.md: two weeks of bulletins (2023-W43 and W44), a few
-- articles, mentions, and the FTS5 trigram index, rebuilt at the end
-- (the store fills it in bulk, not by a trigger). Keep it in step with store.c's migrations.
PRAGMA application_id = 1112688966;  -- 0x42524946 "BRIF"
PRAGMA user_version = 1;
CREATE TABLE bulletins(
  id INTEGER PRIMARY KEY,
  source TEXT,
  sha256 TEXT NOT NULL UNIQUE,
  issued_on TEXT CHECK (issued_on IS NULL OR issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  date_source TEXT,
  ingested_at TEXT NOT NULL,
  encoding TEXT NOT NULL,
  file_name TEXT,
  bytes INTEGER NOT NULL,
  article_count INTEGER NOT NULL,
  furniture_lines INTEGER NOT NULL DEFAULT 0,
  joined_breaks INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX bulletins_issued_on ON bulletins(issued_on);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  title TEXT NOT NULL,
  subtitle TEXT,
  body TEXT NOT NULL,
  chars INTEGER NOT NULL,
  paragraph_count INTEGER NOT NULL,
  UNIQUE (bulletin_id, seq)
);
CREATE TABLE paragraphs(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  text TEXT NOT NULL,
  chars INTEGER NOT NULL,
  PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE TABLE mentions(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('place', 'org', 'term')),
  value TEXT NOT NULL,
  district TEXT,
  count INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (article_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX mentions_kind_value ON mentions(kind, value);
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, subtitle, body, content='articles', content_rowid='id', tokenize='trigram',
  detail='none');
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.body);
  INSERT INTO articles_fts(rowid, title, subtitle, body)
  VALUES (new.id, new.title, new.subtitle, new.body);
END;
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  params TEXT CHECK (params IS NULL OR json_valid(params)),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  output TEXT,
  bytes INTEGER,
  error TEXT,
  inputs_hash TEXT
);
CREATE INDEX runs_job_started ON runs(job, started_at);
CREATE VIEW articles_v AS
  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,
         a.body, a.chars, a.paragraph_count, b.file_name
  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id;
CREATE VIEW mentions_v AS
  SELECT m.article_id, a.bulletin_id, b.issued_on, b.source, a.title,
         m.kind, m.value, m.district, m.count
  FROM mentions m JOIN articles a ON a.id = m.article_id
  JOIN bulletins b ON b.id = a.bulletin_id;

INSERT INTO bulletins(id, source, sha256, issued_on, date_source, ingested_at, encoding, file_name, bytes, article_count) VALUES
 (1, 'seeds/000.txt', 'aa', '2023-10-24', 'text', '2023-10-30T08:00:00Z', 'utf-8', 'samples/000.txt', 4000, 2),
 (2, 'seeds/001.txt', 'bb', '2023-10-27', 'text', '2023-10-30T08:00:00Z', 'gb18030', 'samples/001.txt', 3000, 1),
 (3, 'seeds/002.txt', 'cc', '2023-11-01', 'filename', '2023-11-06T08:00:00Z', 'utf-8', 'samples/002.txt', 2000, 1);

INSERT INTO articles(id, bulletin_id, seq, title, subtitle, body, chars, paragraph_count) VALUES
 (1, 1, 1, '为强国建设民族复兴伟业贡献工人阶级的磅礴力量', '习近平总书记重要讲话精神在重庆广大职工和工会干部中引起热烈反响',
  '10月23日下午，习近平同中华全国总工会新一届领导班子成员集体谈话并发表重要讲话。重庆市广大职工和各级工会干部认真学习了讲话精神。' || char(10) || '市总工会干部职工表示，要深入学习贯彻讲话精神。', 0, 0),
 (2, 1, 2, '渝北区总工会开展职工技能竞赛', NULL,
  '渝北区总工会举办第五届职工技能竞赛，共有三百余名职工参加。竞赛设焊工、电工两个工种。', 0, 0),
 (3, 2, 1, '江北区工会为户外劳动者送清凉', NULL,
  '江北区总工会走访慰问户外劳动者。“工会的关心让我们很暖心！”一位环卫工人说。', 0, 0),
 (4, 3, 1, '市总工会召开主席办公会', NULL,
  '市总工会召开主席办公会，研究部署第四季度重点工作。会议由市总工会主席主持。', 0, 0);

INSERT INTO paragraphs(article_id, seq, text, chars) VALUES
 (1, 1, '10月23日下午，习近平同中华全国总工会新一届领导班子成员集体谈话并发表重要讲话。重庆市广大职工和各级工会干部认真学习了讲话精神。', 0),
 (1, 2, '市总工会干部职工表示，要深入学习贯彻讲话精神。', 0),
 (2, 1, '渝北区总工会举办第五届职工技能竞赛，共有三百余名职工参加。竞赛设焊工、电工两个工种。', 0),
 (3, 1, '江北区总工会走访慰问户外劳动者。“工会的关心让我们很暖心！”一位环卫工人说。', 0),
 (4, 1, '市总工会召开主席办公会，研究部署第四季度重点工作。会议由市总工会主席主持。', 0);

INSERT INTO mentions VALUES
 (1, 'place', '重庆', NULL, 2),
 (1, 'org', '中华全国总工会', NULL, 1),
 (1, 'org', '市总工会', NULL, 1),
 (2, 'place', '渝北区', NULL, 2),
 (2, 'org', '渝北区总工会', '渝北区', 2),
 (2, 'term', '技能竞赛', NULL, 1),
 (3, 'place', '江北区', NULL, 1),
 (3, 'org', '江北区总工会', '江北区', 1),
 (4, 'org', '市总工会', NULL, 2),
 (4, 'place', '沙坪坝区', NULL, 1);


-- The store indexes new articles in bulk, not by a trigger: index them
-- here, before the updates below (whose trigger re-indexes each row).
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
UPDATE paragraphs SET chars = length(text);
UPDATE articles SET chars = length(body),
  paragraph_count = (SELECT count(*) FROM paragraphs p WHERE p.article_id = articles.id);

-- Schema version 2: store.c's migration 1 -> 2, verbatim (paragraphs become
-- spans of the body, the view paragraphs reads them back).
DROP INDEX mentions_kind_value;
DROP TRIGGER articles_fts_update;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, subtitle, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.body);
  INSERT INTO articles_fts(rowid, title, subtitle, body)
  VALUES (new.id, new.title, new.subtitle, new.body);
END;
ALTER TABLE articles ADD COLUMN paragraph_spans TEXT NOT NULL DEFAULT '[]';
UPDATE articles SET paragraph_spans = (
  SELECT json_group_array(json_array(start, chars)) FROM (
    SELECT p.chars, (SELECT ifnull(sum(q.chars + 1), 0) FROM paragraphs q
                     WHERE q.article_id = p.article_id AND q.seq < p.seq) AS start
    FROM paragraphs p WHERE p.article_id = articles.id ORDER BY p.seq));
DROP TABLE paragraphs;
CREATE VIEW paragraphs AS
  SELECT a.id AS article_id, j.key + 1 AS seq,
         substr(a.body, (j.value ->> 0) + 1, j.value ->> 1) AS text,
         j.value ->> 1 AS chars
  FROM articles a, json_each(a.paragraph_spans) j;
PRAGMA user_version = 2;
-- Schema version 3: store.c's migration 2 -> 3, verbatim (dates known to the month,
-- authors, sources, credits, captions, the folded copies of traditional text).
ALTER TABLE bulletins ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day'
  CHECK (date_precision IN ('day', 'month'));
ALTER TABLE bulletins ADD COLUMN url TEXT;
ALTER TABLE bulletins ADD COLUMN profile TEXT;
UPDATE bulletins SET date_source = 'metadata' WHERE date_source = 'text';
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN source_name TEXT;
ALTER TABLE articles ADD COLUMN credit TEXT;
CREATE TABLE captions(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  text TEXT NOT NULL,
  PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE TABLE article_folds(
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  subtitle TEXT,
  body TEXT NOT NULL
);
CREATE VIRTUAL TABLE article_folds_fts USING fts5(
  title, subtitle, body, content='article_folds', content_rowid='article_id', tokenize='trigram',
  detail='none');
CREATE TRIGGER article_folds_fts_insert AFTER INSERT ON article_folds BEGIN
  INSERT INTO article_folds_fts(rowid, title, subtitle, body)
  VALUES (new.article_id, new.title, new.subtitle, new.body);
END;
CREATE TRIGGER article_folds_fts_delete AFTER DELETE ON article_folds BEGIN
  INSERT INTO article_folds_fts(article_folds_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.article_id, old.title, old.subtitle, old.body);
END;
CREATE TRIGGER article_folds_fts_update AFTER UPDATE ON article_folds BEGIN
  INSERT INTO article_folds_fts(article_folds_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.article_id, old.title, old.subtitle, old.body);
  INSERT INTO article_folds_fts(rowid, title, subtitle, body)
  VALUES (new.article_id, new.title, new.subtitle, new.body);
END;
DROP VIEW articles_v;
CREATE VIEW articles_v AS
  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,
         a.body, a.chars, a.paragraph_count, b.file_name, b.date_precision, a.author,
         a.source_name, a.credit
  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id;
PRAGMA user_version = 3;
-- Schema version 4: store.c's migration 3 -> 4, verbatim (what ingest was
-- unsure of, and the corrections).
ALTER TABLE articles ADD COLUMN title_rule TEXT;
ALTER TABLE articles ADD COLUMN weak INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET weak = 2 WHERE paragraph_count = 0;
CREATE TABLE corrections(
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  bulletin_id INTEGER NOT NULL,
  made_at TEXT NOT NULL,
  made_by TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('date', 'source', 'title', 'subtitle', 'join', 'split', 'delete', 'restore')),
  article INTEGER,
  paragraph INTEGER,
  old_value TEXT,
  new_value TEXT,
  carried_from INTEGER REFERENCES corrections(id)
);
CREATE INDEX corrections_sha256 ON corrections(sha256, id);
PRAGMA user_version = 4;
-- Schema version 5: store.c's migration 4 -> 5, verbatim (corrected re-sends
-- and reprints: superseded bulletins, stories, the sketches candidates are found by).
ALTER TABLE bulletins ADD COLUMN superseded_by INTEGER REFERENCES bulletins(id) ON DELETE SET NULL;
CREATE INDEX bulletins_superseded_by ON bulletins(superseded_by) WHERE superseded_by IS NOT NULL;
DROP INDEX bulletins_issued_on;
CREATE INDEX bulletins_issued_on ON bulletins(issued_on, source);
ALTER TABLE articles ADD COLUMN story_id INTEGER;
ALTER TABLE articles ADD COLUMN story_match REAL;
CREATE INDEX articles_story ON articles(story_id) WHERE story_id IS NOT NULL;
CREATE TABLE article_sketches(
  hash INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY (hash, article_id)
) WITHOUT ROWID;
DROP VIEW articles_v;
CREATE VIEW articles_v AS
  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,
         a.body, a.chars, a.paragraph_count, b.file_name, b.date_precision, a.author,
         a.source_name, a.credit, coalesce(a.story_id, a.id) AS story
  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id
  WHERE b.superseded_by IS NULL;
DROP VIEW mentions_v;
CREATE VIEW mentions_v AS
  SELECT m.article_id, a.bulletin_id, b.issued_on, b.source, a.title,
         m.kind, m.value, m.district, m.count
  FROM mentions m JOIN articles a ON a.id = m.article_id
  JOIN bulletins b ON b.id = a.bulletin_id
  WHERE b.superseded_by IS NULL;
CREATE VIEW bulletins_v AS
  SELECT * FROM bulletins WHERE superseded_by IS NULL;
PRAGMA user_version = 5;
