// Enrolment: asks for permission to notify, subscribes this browser to Web Push with the
// installation's key, and registers the subscription for the contact the link was sent to.
(function () {
  const main = document.querySelector('main');
  const status = document.getElementById('status');
  const button = document.getElementById('enrol');
  const key = main.dataset.vapidKey;

  function say(text, good) {
    status.textContent = text;
    status.className = 'result ' + (good ? 'ok' : 'bad');
  }

  function keyBytes(base64url) {
    const padded = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(padded + '='.repeat((4 - padded.length % 4) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    button.disabled = true;
    say('This browser cannot receive approvals. On an iPhone, add this page to the Home Screen'
      + ' first (Share, then Add to Home Screen) and open it from there.', false);
    return;
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        say('Notifications were not allowed, so approvals cannot reach this phone.', false);
        button.disabled = false;
        return;
      }
      const registration = await navigator.serviceWorker.register('/sw.js');
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(key),
      });
      const answer = await fetch(window.location.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(subscription.toJSON()),
      });
      if (answer.ok) {
        say('Done. Approval requests from the helpdesk will now arrive on this phone.', true);
      } else {
        say('This link has expired or was already used. Ask the helpdesk for a new one.', false);
      }
    } catch (e) {
      say('Enrolment failed: ' + e.message, false);
      button.disabled = false;
    }
  });
})();
