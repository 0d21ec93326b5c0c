// Starts telegram-test-api (the Bot API emulator) on 127.0.0.1 at a free port for the test suite.
//
//   node telegram_emulator.cjs REPO_ROOT     prints {"port": N} once listening; exits when stdin closes
//
// The emulator's replies break a standard Bot API client in four places; they are mended here,
// in what it serves only, so the bot under test runs unmodified:
//   - getMe lacks `is_bot` (required by the Bot API's User object);
//   - sent messages carry `date` in milliseconds instead of seconds, and objects such as
//     `link_preview_options` as the JSON strings the bot sent instead of objects;
//   - editMessageText / editMessageReplyMarkup return null instead of the message or `true`;
//   - callback queries lack `chat_instance`.
// Inline mode, which the emulator lacks, is added here: users send inline queries with
// `POST /sendInlineQuery` ({botToken, from, query, chat_type}), the bot answers them with the Bot API's
// `answerInlineQuery`, and `POST /getAnswers` ({token}) reads back its answers to inline queries and
// button presses (`answerCallbackQuery`), oldest first.
// Webhooks: calls carry the secret token given to setWebhook, as Telegram's do; delivered updates
// stay visible in getUpdatesHistory; a failed call is logged instead of crashing the process.
// Files: see `files` below (upload, getFile, download).
// Methods the emulator lacks (setMyCommands, sendChatAction, sendMessageDraft, ...) stay missing:
// the bot must cope without them.
'use strict';

const path = require('path');

const root = process.argv[2] || process.cwd();
const packageDir = path.join(root, 'node_modules', 'telegram-test-api');
const TelegramServer = require(packageDir);
const { routes } = require(path.join(packageDir, 'lib', 'routes', 'index'));
const axios = require(require.resolve('axios', { paths: [packageDir] }));

function mend(method, body) {
  if (!body || body.ok !== true) {
    return body;
  }
  const result = body.result;
  if (method === 'getMe') {
    return {
      ...body,
      result: {
        is_bot: true,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: true,
        ...result,
      },
    };
  }
  if ((method === 'editMessageText' || method === 'editMessageReplyMarkup') && result == null) {
    return { ...body, result: true };
  }
  if (result && typeof result === 'object' && typeof result.date === 'number' && result.date > 1e11) {
    return { ...body, result: objectsParsed({ ...result, date: Math.floor(result.date / 1000) }) };
  }
  return body;
}

// A sent message echoes the request's fields; form-encoded objects arrive as JSON strings.
function objectsParsed(message) {
  for (const [key, value] of Object.entries(message)) {
    if (key !== 'text' && typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        message[key] = JSON.parse(value);
      } catch (error) {
        // not JSON after all: leave it
      }
    }
  }
  return message;
}

// Registered before the emulator's own routes, so every Bot API response passes through `mend`.
routes.unshift((app) => {
  app.use((req, res, next) => {
    const match = /^\/bot[^/]+\/(\w+)$/.exec(req.path);
    if (match) {
      const json = res.json.bind(res);
      res.json = (body) => json(mend(match[1], body));
    }
    next();
  });
});

// Inline queries: stored with the users' updates, delivered as Bot API `inline_query` updates. What the
// bot answers to inline queries and button presses is kept per token for `POST /getAnswers`.
const answers = {}; // bot token -> [{method, ...fields}], oldest first
let inlineQueryId = 1;

function parsed(value) {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch (error) {
    return value;
  }
}

// Files, which the emulator lacks: a test uploads one with `POST /uploadFile` ({name, contentBase64}) and
// sends it in a message's `document`; the bot reads it with getFile and downloads it from /file/bot...,
// as from Telegram.
const files = {}; // file_id -> {name, content}
let fileNumber = 1;

routes.splice(1, 0, (app, server) => {
  app.post('/uploadFile', (req, res) => {
    const id = `file-${fileNumber++}`;
    files[id] = { name: req.body.name, content: Buffer.from(req.body.contentBase64 || '', 'base64') };
    res.sendResult({ ok: true, result: { file_id: id, file_unique_id: id, file_size: files[id].content.length } });
  });
  app.all('/bot:token/getFile', (req, res) => {
    const id = (req.body && req.body.file_id) || req.query.file_id;
    const file = files[id];
    if (!file) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return;
    }
    const result = { file_id: id, file_unique_id: id, file_size: file.content.length, file_path: `documents/${id}` };
    res.sendResult({ ok: true, result });
  });
  app.get('/file/bot:token/documents/:id', (req, res) => {
    const file = files[req.params.id];
    if (!file) {
      res.status(404).end();
      return;
    }
    res.set('Content-Type', 'application/octet-stream');
    res.send(file.content);
  });
  app.post('/sendInlineQuery', async (req, res) => {
    const { botToken, from, query, chat_type: chatType } = req.body;
    const inlineQuery = { id: String(inlineQueryId++), from, query, offset: '', chat_type: chatType || 'sender' };
    await server.addUserUpdate({ ...server.getCommonFields(botToken), inlineQuery });
    res.sendResult({ ok: true, result: inlineQuery });
  });
  app.post('/getAnswers', (req, res) => {
    res.sendResult({ ok: true, result: answers[req.body.token] || [] });
  });
  for (const method of ['answerInlineQuery', 'answerCallbackQuery']) {
    app.all(`/bot:token/${method}`, (req, res) => {
      const fields = Object.fromEntries(Object.entries(req.body).map(([key, value]) => [key, parsed(value)]));
      (answers[req.params.token] = answers[req.params.token] || []).push({ method, ...fields });
      res.sendResult({ ok: true, result: true });
    });
  }
});

// Callback queries also lack `chat_instance`, which the Bot API always sends.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  if ('inlineQuery' in update) {
    return { update_id: update.updateId, inline_query: update.inlineQuery };
  }
  const formatted = formatUpdate(update);
  if (formatted.callback_query) {
    formatted.callback_query.chat_instance = String(update.callbackQuery.chat_instance || update.callbackId);
  }
  return formatted;
};

class Emulator extends TelegramServer {
  async addUserUpdate(update) {
    const webhook = this.webhooks[update.botToken];
    if (!webhook) {
      return super.addUserUpdate(update);
    }
    const secret = webhook.secret_token;
    await axios.post(webhook.url, TelegramServer.formatUpdate(update), {
      headers: secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {},
    });
    this.storage.userMessages.push({ ...update, isRead: true }); // delivered, but kept for getUpdatesHistory
    this.updateId++;
    return undefined;
  }
}

process.on('unhandledRejection', (error) => {
  process.stderr.write(`emulator: ${error && error.message}\n`);
});

(async () => {
  const server = new Emulator({ host: '127.0.0.1', port: 1, storeTimeout: 3600 });
  server.config.port = 0; // the emulator treats 0 as "unset"; set after construction, the OS picks a port
  await server.start();
  process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`);
  const stop = () => server.stop().finally(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
})().catch((error) => {
  process.stderr.write(`emulator failed to start: ${error.stack}\n`);
  process.exit(1);
});
