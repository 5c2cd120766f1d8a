// Send the MFA text or voice message through Twilio
// Trigger: send-phone-message
// Sends message_options.text to message_options.recipient with Twilio's REST API (secrets
// TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM). Missing secrets, a failed request or a
// non-2xx answer throw a clear Error: Auth0 treats a throw as a failed send. In the studio the
// network is off unless a fetch mock answers, so an unmocked run ends in that error on purpose.

exports.onExecuteSendPhoneMessage = async (event, api) => {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_FROM: from } = event.secrets ?? {};
  if (!sid || !token || !from) {
    throw new Error('Twilio is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.');
  }

  const { recipient, text, message_type: type, action } = event.message_options;
  const voice = type === 'voice';
  const form = new URLSearchParams({ To: recipient, From: from });
  if (voice) {
    // Read the message twice, slowly enough to type the code.
    const say = text.replace(/[<>&]/g, ' ');
    form.set('Twiml', `<Response><Say>${say}</Say><Pause length="1"/><Say>${say}</Say></Response>`);
  } else {
    form.set('Body', text);
  }

  const url = `https://api.twilio.com/2010-04-01/Accounts/${sid}/${voice ? 'Calls' : 'Messages'}.json`;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
  } catch (err) {
    // Node's fetch says only 'fetch failed'; the reason is in err.cause.
    throw new Error(`Could not reach Twilio to send the ${type} (${action}): ${err.cause?.message ?? err.message}`);
  }

  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    throw new Error(`Twilio refused the ${type} (HTTP ${response.status}): ${detail.slice(0, 200)}`);
  }
  const sent = await response.json();
  // Never log the code or the text: they contain the one-time password.
  console.log(`${type} for ${action} queued by Twilio: ${sent.sid} (status ${sent.status})`);
};
